import type { Canvas } from '@napi-rs/canvas';
import type { DrainRow } from '../drain.ts';
import { grid, LIMIT_COLOUR, render, slidingRate } from '../harness/chart-canvas.ts';

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
