import { met, pct, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

/** The drain benchmark's table: calls/s against the limit, per provider and worker count. */
export function drainSection(rows: NonNullable<Results['drain']>): string[] {
  return [
    "**Drain at the limit**: a backlog drained through 1, 2 and 4 worker processes; the simulator's own record of the calls.",
    '',
    ...table(
      [
        'provider, limit',
        'calls (ids)',
        'workers',
        'calls/s ÷ limit (target ≥ 95 %)',
        'first → last call',
        'most calls in any sliding window (target ≤ limit)',
        '429s',
        'met',
      ],
      rows.map((row) => [
        `${row.provider} ${row.limit.max}/${row.limit.duration_ms / 1_000}s`,
        `${whole(row.calls)} (${whole(row.ids)})`,
        String(row.workers),
        range(row.rate_share, pct),
        range(row.seconds, (s) => `${s.toFixed(1)} s`),
        `${row.max_in_window} (limit ${row.limit.max})`,
        String(row.count_429),
        met(row.met),
      ]),
    ),
  ];
}
