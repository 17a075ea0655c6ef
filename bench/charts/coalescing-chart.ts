import type { Canvas } from '@napi-rs/canvas';
import type { CoalescingRow } from '../coalescing.ts';
import { grid, LIMIT_COLOUR, render, slidingRate } from '../harness/chart-canvas.ts';

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

/** One panel per provider: orders carried per second against the ceiling and the goal. */
export function coalescingChart(rows: CoalescingRow[]): Buffer {
  return grid(rows.map(coalescingPanel), 2);
}
