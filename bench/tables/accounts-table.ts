import { fixed, met, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

/** The accounts benchmark's table: many accounts, each in its own window. */
export function accountsSection(rows: NonNullable<Results['accounts']>): string[] {
  const [first] = rows;
  if (!first) return [];
  return [
    `**Accounts**: 1, 4 and 16 CoinW accounts at ${first.limit.max}/${first.limit.duration_ms / 1_000}s each, one worker process, each draining ${whole(first.ids_per_account)} ids of its own at once; the simulator counts each account in its own window. ` +
      'Ratio: admitted calls ÷ the sum of the limits, in the whole windows while every account had work (the requests are accepted one after another, so the accounts start a little apart).',
    '',
    ...table(
      [
        'accounts',
        'sum of limits',
        `ratio (target ≥ ${first.target})`,
        'seconds',
        'most calls of one account in any sliding window',
        '429s',
        'calls with another account’s key or order',
        'met',
      ],
      rows.map((row) => [
        String(row.accounts),
        `${whole(row.ceiling_per_s)}/s`,
        range(row.ratio, fixed(3)),
        range(row.seconds, fixed(1)),
        `${row.max_in_window} (limit ${row.limit.max})`,
        String(row.count_429),
        String(row.misattributed),
        met(row.met),
      ]),
    ),
  ];
}
