import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coalescingChart } from './charts/coalescing-chart.ts';
import { drainChart } from './charts/drain-chart.ts';
import { flameChart } from './charts/flame-chart.ts';
import { latencyChart } from './charts/latency-chart.ts';
import type { CoalescingRow } from './coalescing.ts';
import type { LatencyResult } from './dispatch-latency.ts';
import type { DrainRow } from './drain.ts';
import type { FlameNode } from './harness/cpu-profile.ts';

/** Draws each chart the results have into `dir`; returns the files written. */
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
    await writeFile(file, coalescingChart(charts.coalescing));
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
