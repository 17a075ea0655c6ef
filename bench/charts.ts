import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import type { LatencyResult } from './dispatch-latency.ts';
import type { DrainRow } from './drain.ts';

Chart.register(...registerables);
Chart.defaults.font.family = 'DejaVu Sans, Liberation Sans, sans-serif';
Chart.defaults.color = '#333';

const PANEL = { width: 800, height: 460 };
const WORKER_COLOURS: Record<number, string> = { 1: '#2563eb', 2: '#16a34a', 4: '#ea580c' };
const LIMIT_COLOUR = '#dc2626';

/** PNGs are transparent unless something paints the background. */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    // Chart.js types its context with the DOM's; in Node it is @napi-rs/canvas's.
    const ctx = chart.ctx as unknown as SKRSContext2D;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function render(config: ChartConfiguration<'scatter'>): Canvas {
  const canvas = createCanvas(PANEL.width, PANEL.height);
  // Chart.js draws on any 2D context; without the DOM's types, its parameter accepts this one.
  const chart = new Chart(canvas.getContext('2d'), {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1 },
    plugins: [whiteBackground, ...(config.plugins ?? [])],
  });
  chart.draw();
  // destroy() clears the canvas it drew on: keep a copy.
  const copy = createCanvas(PANEL.width, PANEL.height);
  copy.getContext('2d').drawImage(canvas, 0, 0);
  chart.destroy();
  return copy;
}

/** Lays panels out in a grid of `columns` and returns the PNG. */
function grid(panels: Canvas[], columns: number): Buffer {
  const rows = Math.ceil(panels.length / columns);
  const canvas = createCanvas(PANEL.width * columns, PANEL.height * rows);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  panels.forEach((panel, i) =>
    ctx.drawImage(panel, (i % columns) * PANEL.width, Math.floor(i / columns) * PANEL.height),
  );
  return canvas.toBuffer('image/png');
}

/**
 * Calls per second over time: at every 20 ms, the calls in the sliding window ending there
 * (the quantity the provider limits), divided by the window in seconds.
 */
function slidingRate(arrivals: number[], windowMs: number): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  const end = (arrivals.at(-1) ?? 0) + windowMs;
  let head = 0;
  let tail = 0;
  for (let t = 0; t <= end; t += 20) {
    while (head < arrivals.length && (arrivals[head] as number) <= t) head += 1;
    while (tail < head && (arrivals[tail] as number) <= t - windowMs) tail += 1;
    points.push({ x: t / 1_000, y: (head - tail) / (windowMs / 1_000) });
  }
  return points;
}

function drainPanel(rows: DrainRow[]): Canvas {
  const first = rows[0] as DrainRow;
  const { max, duration_ms: windowMs } = first.limit;
  const limitPerSecond = max / (windowMs / 1_000);
  const series = rows.flatMap((row) => {
    const run = row.runs[row.median_run] ?? row.runs.find((r) => r.arrivals_ms !== undefined);
    return run?.arrivals_ms ? [{ row, points: slidingRate(run.arrivals_ms, windowMs) }] : [];
  });
  const lastX = Math.max(...series.map((s) => s.points.at(-1)?.x ?? 0));
  const title = `${first.provider}: ${first.calls} calls (${first.ids} ids) at ${max}/${windowMs / 1_000}s`;
  return render({
    type: 'scatter',
    data: {
      datasets: [
        ...series.map(({ row, points }) => ({
          label: `${row.workers} worker${row.workers === 1 ? '' : 's'}`,
          data: points,
          showLine: true,
          pointRadius: 0,
          borderWidth: 1.5,
          borderColor: WORKER_COLOURS[row.workers] ?? '#555',
          backgroundColor: WORKER_COLOURS[row.workers] ?? '#555',
        })),
        {
          label: 'limit',
          data: [
            { x: 0, y: limitPerSecond },
            { x: lastX, y: limitPerSecond },
          ],
          showLine: true,
          pointRadius: 0,
          borderWidth: 2,
          borderDash: [6, 4],
          borderColor: LIMIT_COLOUR,
          backgroundColor: LIMIT_COLOUR,
        },
      ],
    },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 15 } } },
      scales: {
        x: { title: { display: true, text: 's since the first call' }, min: 0 },
        y: {
          title: { display: true, text: `calls/s (sliding ${windowMs / 1_000} s window)` },
          min: 0,
          suggestedMax: limitPerSecond * 1.25,
        },
      },
    },
  });
}

/** One panel per provider, each with a line per worker count (the run with the median rate). */
export function drainChart(rows: DrainRow[]): Buffer {
  const providers = [...new Set(rows.map((row) => row.provider))];
  return grid(
    providers.map((provider) => drainPanel(rows.filter((row) => row.provider === provider))),
    2,
  );
}

/** Share of samples at or below each latency. */
function cdf(samples: number[]): { x: number; y: number }[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.map((x, i) => ({ x, y: (i + 1) / sorted.length }));
}

/** Cumulative distributions of both arms, every run pooled, with the targets marked. */
export function latencyChart(result: LatencyResult): Buffer {
  const cancelq = result.runs.flatMap((run) => run.cancelq_ms);
  const raw = result.runs.flatMap((run) => run.raw_ms);
  const p99 = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1] ?? 0;
  const xMax = Math.ceil(Math.max(10, p99(cancelq) * 1.5, p99(raw) * 1.5));
  // A 202 read late by a busy client process makes a sample negative; past −5 ms, off the axis.
  const lowest = Math.floor(Math.min(...cancelq, ...raw));
  const xMin = Math.max(-5, Math.min(0, lowest));
  const panel = render({
    type: 'scatter',
    data: {
      datasets: [
        {
          label: `cancelq: API 202 → provider arrival (n = ${cancelq.length})`,
          data: cdf(cancelq),
          showLine: true,
          stepped: true,
          pointRadius: 0,
          borderWidth: 2,
          borderColor: '#2563eb',
          backgroundColor: '#2563eb',
        },
        {
          label: `raw BullMQ: add → processor start (n = ${raw.length})`,
          data: cdf(raw),
          showLine: true,
          stepped: true,
          pointRadius: 0,
          borderWidth: 2,
          borderColor: '#6b7280',
          backgroundColor: '#6b7280',
        },
        {
          label: `targets: p50 ≤ ${result.target.p50_ms} ms, p99 ≤ ${result.target.p99_ms} ms`,
          data: [
            { x: result.target.p50_ms, y: 0.5 },
            { x: result.target.p99_ms, y: 0.99 },
          ],
          pointRadius: 7,
          pointStyle: 'crossRot',
          borderWidth: 3,
          borderColor: LIMIT_COLOUR,
          backgroundColor: LIMIT_COLOUR,
        },
      ],
    },
    options: {
      plugins: {
        title: {
          display: true,
          text:
            `Dispatch latency, idle worker, ${result.runs.length} run(s) pooled ` +
            `(axis ${xMin} to ${xMax} ms; samples from ${lowest} to ${Math.ceil(Math.max(...cancelq, ...raw))} ms)`,
          font: { size: 15 },
        },
        legend: { position: 'bottom' },
      },
      scales: {
        x: { title: { display: true, text: 'ms' }, min: xMin, max: xMax },
        y: { title: { display: true, text: 'share of samples ≤ x' }, min: 0, max: 1 },
      },
    },
  });
  return grid([panel], 1);
}

export async function writeCharts(
  dir: string,
  charts: { drain?: DrainRow[]; latency?: LatencyResult },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  if (charts.drain) {
    const file = path.join(dir, 'bench-drain.png');
    await writeFile(file, drainChart(charts.drain));
    written.push(file);
  }
  if (charts.latency) {
    const file = path.join(dir, 'bench-latency.png');
    await writeFile(file, latencyChart(charts.latency));
    written.push(file);
  }
  return written;
}
