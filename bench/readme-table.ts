import type { Results } from './results.ts';
import { accountsSection } from './tables/accounts-table.ts';
import { coalescingSection } from './tables/coalescing-table.ts';
import { callCostSection, costSection } from './tables/cost-tables.ts';
import { drainSection } from './tables/drain-table.ts';
import { enqueueSection } from './tables/enqueue-table.ts';
import { latencySection } from './tables/latency-table.ts';
import { raceSection } from './tables/race-table.ts';

/** The README's benchmark block: the machine, then one table per benchmark, then the charts. */
export function markdownTables(results: Results): string {
  const m = results.machine;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
  const how =
    results.mode === 'full'
      ? `by a full \`pnpm bench\` (${Math.round(results.duration_s / 60)} min)`
      : `by a ${results.mode} run (${results.benchmarks.join(', ')}; ${results.duration_s} s): for development, not for publishing`;
  const sections: string[][] = [
    [
      `Measured ${results.measured_at.slice(0, 10)} ${how}. ` +
        `${results.runs_per_figure} run${results.runs_per_figure === 1 ? '' : 's'} per figure, shown as median [min–max]; ` +
        'a target is met when the median meets it, and the window limit must hold in every run.',
      '',
      `Machine: ${m.cores} cores (${m.cpu_model}), ${m.memory_gib} GiB, Node ${m.node}, Redis ${m.redis} ` +
        `(AOF, appendfsync ${results.redis_appendfsync}); load average (1 / 5 / 15 min) ${load(m.load_before)} before, ${load(m.load_after)} after` +
        (results.load_at_start
          ? `; 1-minute load as each benchmark started: ${Object.entries(results.load_at_start)
              .map(([name, l]) => `${name} ${(l[0] ?? Number.NaN).toFixed(2)}`)
              .join(', ')}.`
          : '.'),
    ],
  ];
  if (results.enqueue) sections.push(enqueueSection(results.enqueue));
  if (results.drain) sections.push(drainSection(results.drain));
  if (results.dispatch_latency) sections.push(latencySection(results.dispatch_latency));
  if (results.coalescing) sections.push(coalescingSection(results.coalescing));
  if (results.accounts) sections.push(accountsSection(results.accounts));
  if (results.planet_race) sections.push(raceSection(results.planet_race));
  if (results.cost) sections.push(costSection(results.cost));
  if (results.call_cost) sections.push(callCostSection(results.call_cost));
  sections.push([
    '![Calls per second over time against the limit, per provider and worker count](bench-drain.png)',
    '',
    '![Dispatch latency: cumulative distribution, cancelq next to raw BullMQ](bench-latency.png)',
    // Results from before the coalescing benchmark have no such chart.
    ...(results.coalescing
      ? [
          '',
          '![Orders per second of single-order traffic through shared calls, against limit × ids per call](bench-coalescing.png)',
        ]
      : []),
    ...(results.call_cost
      ? [
          '',
          "![Where the worker's CPU goes in a drain of single-target calls: flame chart of its profile](bench-flame.png)",
        ]
      : []),
  ]);
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
