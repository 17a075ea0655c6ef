import { fixed, met, pct, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

/** The Planet race's table: share cancelled, cancelq against the oracle. */
export function raceSection(r: NonNullable<Results['planet_race']>): string[] {
  return [
    `**The Planet race**: ${whole(r.orders)} orders, one every ${r.spacing_ms} ms, each turning \`running\` after an exponential delay (mean ${r.running_mean_ms} ms); share cancelled.`,
    '',
    ...table(
      ['arm', 'share cancelled', 'target', 'met'],
      [
        ['cancelq (API → queue → worker → single PUT)', range(r.cancelq_share, pct), '—', '—'],
        ['oracle (the same PUT, sent directly at the 202)', range(r.oracle_share, pct), '—', '—'],
        // Four digits: the goal sits inside the runs' spread, and 0.9898 shows as 0.990 in three.
        ['cancelq ÷ oracle', range(r.ratio, fixed(4)), `≥ ${r.target}`, met(r.met)],
      ],
    ),
  ];
}
