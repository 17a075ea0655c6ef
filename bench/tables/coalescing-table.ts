import { fixed, met, ms, pct, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

/** The coalescing benchmark's table: single-order traffic through shared calls. */
export function coalescingSection(rows: NonNullable<Results['coalescing']>): string[] {
  const [first] = rows;
  if (!first) return [];
  return [
    `**Coalescing**: single-order traffic (one order per cancellation) through shared calls, one worker process, the simulator's limit equal to ours. ` +
      `${pct(first.head_start / first.orders)} of the orders accepted first through \`/batch\` (still one cancellation each), the rest as single-order requests, ${first.in_flight} in flight. ` +
      'Orders/s: ids carried in the whole windows from the first call to the last; ratio: orders/s ÷ (limit × ids per call) = calls/s ÷ limit × ids per call ÷ maximum. ' +
      `Idle dispatch: API 202 → simulator arrival, ${first.idle_samples} single-order requests per run, one at a time.`,
    '',
    ...table(
      [
        'provider: limit × ids per call, orders',
        'single requests accepted/s',
        'orders/s',
        `ratio (target ≥ ${first.target})`,
        'calls/s ÷ limit',
        'ids per call',
        'most calls in any sliding window',
        '429s',
        'idle dispatch p50, max',
        'met',
      ],
      rows.map((row) => [
        `${row.provider}: ${row.limit.max}/${row.limit.duration_ms / 1_000}s × ${row.per_call} = ${whole(row.ceiling_per_s)}/s, ${whole(row.orders)}`,
        range(row.sent_per_s, whole),
        range(row.orders_per_s, whole),
        range(row.ratio, fixed(3)),
        range(row.call_share, pct),
        range(row.ids_per_call, fixed(1)),
        `${row.max_in_window} (limit ${row.limit.max})`,
        String(row.count_429),
        `${range(row.idle_p50_ms, ms)}, ${range(row.idle_max_ms, ms)}`,
        met(row.met),
      ]),
    ),
  ];
}
