import type { LatencyResult } from '../dispatch-latency.ts';
import { grid, LIMIT_COLOUR, render } from '../harness/chart-canvas.ts';

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
