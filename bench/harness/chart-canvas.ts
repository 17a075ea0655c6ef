import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';

Chart.register(...registerables);
Chart.defaults.font.family = 'DejaVu Sans, Liberation Sans, sans-serif';
Chart.defaults.color = '#333';

const PANEL = { width: 800, height: 460 };
export const LIMIT_COLOUR = '#dc2626';

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

/** One chart panel, drawn off-screen. */
export function render(config: ChartConfiguration<'scatter'>): Canvas {
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
export function grid(panels: Canvas[], columns: number): Buffer {
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
 * A rate over time: at every 20 ms, the events in the sliding window ending there (the quantity
 * a provider limits), each counted with its weight (1 by default: calls; ids carried: orders),
 * divided by the window in seconds. `arrivals` are ms, ascending.
 */
export function slidingRate(
  arrivals: number[],
  windowMs: number,
  weights?: number[],
): { x: number; y: number }[] {
  const weight = (i: number) => weights?.[i] ?? 1;
  const points: { x: number; y: number }[] = [];
  const end = (arrivals.at(-1) ?? 0) + windowMs;
  let head = 0;
  let tail = 0;
  let inWindow = 0;
  for (let t = 0; t <= end; t += 20) {
    while (head < arrivals.length && (arrivals[head] as number) <= t) inWindow += weight(head++);
    while (tail < head && (arrivals[tail] as number) <= t - windowMs) inWindow -= weight(tail++);
    points.push({ x: t / 1_000, y: inWindow / (windowMs / 1_000) });
  }
  return points;
}
