import { readFile, writeFile } from 'node:fs/promises';

export interface TableRow {
  benchmark: string;
  workers: number;
  calls: number;
  rate_share_median: number;
  rate_share_min: number;
  rate_share_max: number;
  max_in_window: number;
  responses_429: number;
  target_met: boolean;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

export function markdownTable(rows: TableRow[], measuredAt: string): string {
  const lines = [
    `Measured ${measuredAt.slice(0, 10)}; median of 3 runs [min–max].`,
    '',
    '| benchmark | workers | calls/s ÷ limit (target ≥ 95 %) | most calls in any sliding second (limit 10) | 429s | target met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.benchmark}, ${r.calls} calls | ${r.workers} | ${pct(r.rate_share_median)} [${pct(r.rate_share_min)}–${pct(r.rate_share_max)}] | ${r.max_in_window} | ${r.responses_429} | ${r.target_met ? 'yes' : '**no**'} |`,
    ),
  ];
  return lines.join('\n');
}

/** Replaces the README's benchmark table (between the bench markers) with fresh results. */
export async function refreshReadme(path: string, table: string): Promise<void> {
  const readme = await readFile(path, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} … ${END} section`);
  await writeFile(path, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
}
