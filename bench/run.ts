import { mkdir, writeFile } from 'node:fs/promises';
import { planetDrain, type DrainResult } from './planet-drain.ts';
import { markdownTable, refreshReadme, type TableRow } from './readme-table.ts';

const RUNS = 3;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 150);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Every figure is a median of RUNS runs with min and max: these machines are noisy. */
async function main(): Promise<void> {
  const rows: TableRow[] = [];
  for (const workers of [1, 2, 4]) {
    const runs: DrainResult[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await planetDrain(workers, ORDERS));
      process.stderr.write(
        `planet drain, ${workers} worker(s), run ${run + 1}: ${JSON.stringify(runs.at(-1))}\n`,
      );
    }
    const shares = runs.map((r) => r.rateShare);
    rows.push({
      benchmark: 'planet drain 10/1s',
      workers,
      calls: ORDERS,
      rate_share_median: median(shares),
      rate_share_min: Math.min(...shares),
      rate_share_max: Math.max(...shares),
      max_in_window: Math.max(...runs.map((r) => r.maxInWindow)),
      responses_429: runs.reduce((sum, r) => sum + r.count429, 0),
      target_met: Math.min(...shares) >= 0.95 && Math.max(...runs.map((r) => r.maxInWindow)) <= 10,
    });
  }
  console.table(rows);
  const measuredAt = new Date().toISOString();
  await mkdir('bench', { recursive: true });
  await writeFile(
    'bench/results.json',
    `${JSON.stringify({ measured_at: measuredAt, runs_per_figure: RUNS, rows }, null, 2)}\n`,
  );
  await refreshReadme('README.md', markdownTable(rows, measuredAt));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
