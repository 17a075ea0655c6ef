import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import type { CoalescingRow } from './coalescing.ts';
import type { LatencyResult } from './dispatch-latency.ts';
import type { DrainRow } from './drain.ts';
import { flameChart } from './flame-chart.ts';
import { grid, LIMIT_COLOUR, render, slidingRate } from './harness/chart-canvas.ts';
import type { FlameNode } from './harness/cpu-profile.ts';

const WORKER_COLOURS: Record<number, string> = { 1: '#2563eb', 2: '#16a34a', 4: '#ea580c' };

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

/** A horizontal dashed line across the panel, for a limit or a goal. */
function level(label: string, y: number, lastX: number, colour: string, dash: number[]) {
  return {
    label,
    data: [
      { x: 0, y },
      { x: lastX, y },
    ],
    showLine: true,
    pointRadius: 0,
    borderWidth: 2,
    borderDash: dash,
    borderColor: colour,
    backgroundColor: colour,
  };
}

/** Orders carried per second over time (the median run) against the ceiling and the goal. */
function coalescingPanel(row: CoalescingRow): Canvas {
  const run = row.runs[row.median_run] ?? row.runs.find((r) => r.calls_ms !== undefined);
  const calls = run?.calls_ms ?? [];
  const windowMs = row.limit.duration_ms;
  const points = slidingRate(
    calls.map(([at]) => at),
    windowMs,
    calls.map(([, ids]) => ids),
  );
  const lastX = points.at(-1)?.x ?? 0;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const title =
    `${row.provider}: ${row.orders.toLocaleString('en-US')} single-order cancellations, ` +
    `${row.limit.max}/${windowMs / 1_000}s × ${row.per_call} ids → ratio ${row.ratio.median.toFixed(3)}; ` +
    `idle dispatch p50 ${ms(row.idle_p50_ms.median)}`;
  return render({
    type: 'scatter',
    data: {
      datasets: [
        {
          label: `orders carried (${run?.calls ?? 0} calls, ${(run?.ids_per_call ?? 0).toFixed(1)} ids per call)`,
          data: points,
          showLine: true,
          pointRadius: 0,
          borderWidth: 1.5,
          borderColor: '#2563eb',
          backgroundColor: '#2563eb',
        },
        level(
          `ceiling: limit × ${row.per_call} ids`,
          row.ceiling_per_s,
          lastX,
          LIMIT_COLOUR,
          [6, 4],
        ),
        level(
          `goal: ${row.target} × ceiling`,
          row.ceiling_per_s * row.target,
          lastX,
          '#6b7280',
          [2, 3],
        ),
      ],
    },
    options: {
      plugins: {
        title: { display: true, text: title, font: { size: 13 } },
        legend: { position: 'bottom' },
      },
      scales: {
        x: { title: { display: true, text: 's since the first call' }, min: 0 },
        y: {
          title: { display: true, text: `orders/s (sliding ${windowMs / 1_000} s window)` },
          min: 0,
          suggestedMax: row.ceiling_per_s * 1.2,
        },
      },
    },
  });
}

export async function writeCharts(
  dir: string,
  charts: {
    drain?: DrainRow[];
    latency?: LatencyResult;
    coalescing?: CoalescingRow[];
    flame?: FlameNode;
  },
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
  if (charts.coalescing) {
    const file = path.join(dir, 'bench-coalescing.png');
    await writeFile(file, grid(charts.coalescing.map(coalescingPanel), 2));
    written.push(file);
  }
  if (charts.flame) {
    const file = path.join(dir, 'bench-flame.png');
    const title = `Worker CPU in a drain of single-target provider calls (${charts.flame.ms.toFixed(0)} ms busy), by part of the call`;
    await writeFile(file, flameChart(charts.flame, title));
    written.push(file);
  }
  return written;
}
