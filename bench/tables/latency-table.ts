import { met, ms, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

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
        [
          'cancelq: API 202 → simulator arrival',
          range(r.cancelq.p50_ms, ms),
          range(r.cancelq.p99_ms, ms),
          range(r.cancelq.max_ms, ms),
          `p50 ≤ ${r.target.p50_ms} ms, p99 ≤ ${r.target.p99_ms} ms`,
          met(r.met),
        ],
        [
          'worker alone: job fetched (`processedOn`) → arrival',
          range(r.cancelq_from_fetch.p50_ms, ms),
          range(r.cancelq_from_fetch.p99_ms, ms),
          range(r.cancelq_from_fetch.max_ms, ms),
          '—',
          '—',
        ],
        [
          'raw BullMQ: `add()` → processor start',
          range(r.raw.p50_ms, ms),
          range(r.raw.p99_ms, ms),
          range(r.raw.max_ms, ms),
          '—',
          '—',
        ],
        [
          'worker alone: job fetched (`processedOn`) → processor start',
          range(r.raw_from_fetch.p50_ms, ms),
          range(r.raw_from_fetch.p99_ms, ms),
          range(r.raw_from_fetch.max_ms, ms),
          '—',
          '—',
        ],
      ],
    ),
  ];
}
