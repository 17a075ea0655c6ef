import type { LatencyFigures } from '../dispatch-latency.ts';
import { met, ms, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

/** One path's row: its p50, p99 and max, then its target and whether it is met. */
function pathRow(path: string, figures: LatencyFigures, target = '—', verdict = '—'): string[] {
  return [
    path,
    range(figures.p50_ms, ms),
    range(figures.p99_ms, ms),
    range(figures.max_ms, ms),
    target,
    verdict,
  ];
}

/** The dispatch-latency benchmark's table: cancelq next to raw BullMQ. */
export function latencySection(r: NonNullable<Results['dispatch_latency']>): string[] {
  return [
    `**Dispatch latency**: ${whole(r.samples_per_run)} Planet cancels per run, one every ${r.gap_ms} ms, an idle worker process waiting. ` +
      "The worker alone starts at BullMQ's `processedOn` (`Date.now()`, whole ms: it reads up to 1 ms high), " +
      'usually before the 202 reaches the client, so it can exceed the whole.',
    '',
    ...table(
      ['path', 'p50', 'p99', 'max', 'target', 'met'],
      [
        pathRow(
          'cancelq: API 202 → simulator arrival',
          r.cancelq,
          `p50 ≤ ${r.target.p50_ms} ms, p99 ≤ ${r.target.p99_ms} ms`,
          met(r.met),
        ),
        pathRow(
          'cancelq, its worker alone: job fetched (`processedOn`) → arrival',
          r.cancelq_from_fetch,
        ),
        pathRow('raw BullMQ: `add()` → processor start', r.raw),
        pathRow(
          'raw BullMQ, its worker alone: job fetched (`processedOn`) → processor start',
          r.raw_from_fetch,
        ),
      ],
    ),
  ];
}
