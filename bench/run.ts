import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@cancelq/test-utils';
import { writeCharts } from './charts.ts';
import { accountsBench } from './accounts.ts';
import { coalescingBench } from './coalescing.ts';
import { benchConfig, type BenchName } from './config.ts';
import { callCostBench } from './call-cost.ts';
import { costBench } from './cost.ts';
import { dispatchLatencyBench } from './dispatch-latency.ts';
import { drainBench } from './drain.ts';
import { enqueueBench } from './enqueue.ts';
import { nowMs } from './harness/clock.ts';
import { progress } from './harness/log.ts';
import { describeMachine, loadAverage } from './harness/machine.ts';
import { APPENDFSYNC } from './harness/stack.ts';
import { planetRaceBench } from './planet-race.ts';
import { markdownTables } from './readme-table.ts';
import { refreshReadme } from './refresh-readme.ts';
import { writeResults, type Results } from './results.ts';

const PUBLISHED = {
  results: path.join(REPO_ROOT, 'bench/results.json'),
  charts: path.join(REPO_ROOT, 'docs'),
  readme: path.join(REPO_ROOT, 'docs/benchmarks.md'),
};
/** Quick and partial runs go here (git-ignored): their figures are not for publishing. */
const SCRATCH = {
  results: path.join(REPO_ROOT, 'bench/out/results.json'),
  charts: path.join(REPO_ROOT, 'bench/out'),
};

/**
 * `pnpm bench`: every benchmark, each figure a median of 3 runs with min and max. Only a full
 * run (no BENCH_ONLY, no BENCH_QUICK, every benchmark succeeded) writes bench/results.json,
 * the charts in docs/ and docs/benchmarks.md; any other run writes to bench/out/.
 * BENCH_RENDER=1 measures nothing: it redraws the charts and docs/benchmarks.md from
 * bench/results.json.
 */
async function main(): Promise<number> {
  if (process.env.BENCH_RENDER === '1') return render();
  const config = benchConfig();
  const loadBefore = loadAverage();
  const started = nowMs();
  progress(
    `${config.quick ? 'quick' : 'full-size'} run of ${config.only.join(', ')}; ${config.runs} run(s) per figure; load average ${loadBefore.join(' / ')}`,
  );
  const results: Results = {
    measured_at: new Date().toISOString(),
    mode: config.full ? 'full' : config.quick ? 'quick' : 'partial',
    benchmarks: config.only,
    runs_per_figure: config.runs,
    duration_s: 0,
    machine: describeMachine(loadBefore),
    redis_appendfsync: APPENDFSYNC,
  };
  const failures: string[] = [];
  const step = async (name: BenchName, measure: () => Promise<void>) => {
    if (!config.only.includes(name)) return;
    const at = nowMs();
    const load = loadAverage();
    results.load_at_start = { ...results.load_at_start, [name]: load };
    progress(`${name}: starting (load average ${load.join(' / ')})`);
    try {
      await measure();
      progress(`${name}: done in ${((nowMs() - at) / 1_000).toFixed(0)} s`);
    } catch (error) {
      failures.push(name);
      progress(
        `${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  };
  await step('enqueue', async () => void (results.enqueue = await enqueueBench(config)));
  await step('drain', async () => void (results.drain = await drainBench(config)));
  await step(
    'dispatch-latency',
    async () => void (results.dispatch_latency = await dispatchLatencyBench(config)),
  );
  await step('coalescing', async () => void (results.coalescing = await coalescingBench(config)));
  await step('accounts', async () => void (results.accounts = await accountsBench(config)));
  await step('planet-race', async () => void (results.planet_race = await planetRaceBench(config)));
  await step('cost', async () => void (results.cost = await costBench(config)));
  await step('call-cost', async () => void (results.call_cost = await callCostBench(config)));
  results.duration_s = Math.round((nowMs() - started) / 1_000);
  results.machine = describeMachine(loadBefore);

  const publish = config.full && failures.length === 0;
  if (!publish) results.mode = config.quick ? 'quick' : 'partial';
  const target = publish ? PUBLISHED : SCRATCH;
  await writeResults(target.results, results);
  const charts = await writeCharts(target.charts, {
    ...(results.drain ? { drain: results.drain } : {}),
    ...(results.dispatch_latency ? { latency: results.dispatch_latency } : {}),
    ...(results.coalescing ? { coalescing: results.coalescing } : {}),
    ...(results.call_cost ? { flame: results.call_cost.flame } : {}),
  });
  const block = markdownTables(results);
  process.stdout.write(`${block}\n`);
  if (publish) await refreshReadme(PUBLISHED.readme, block);
  progress(
    `wrote ${[target.results, ...charts, ...(publish ? [PUBLISHED.readme] : [])].map((f) => path.relative(REPO_ROOT, f)).join(', ')}` +
      (publish ? '' : ' (not a full run: docs/ and bench/results.json are untouched)'),
  );
  progress(`took ${results.duration_s} s; load average now ${loadAverage().join(' / ')}`);
  if (failures.length > 0) progress(`failed: ${failures.join(', ')}`);
  return failures.length > 0 ? 1 : 0;
}

/** Redraws the published charts and docs/benchmarks.md from bench/results.json. */
async function render(): Promise<number> {
  const results = JSON.parse(await readFile(PUBLISHED.results, 'utf8')) as Results;
  if (results.mode !== 'full') throw new Error(`${PUBLISHED.results} is not from a full run`);
  await writeCharts(PUBLISHED.charts, {
    ...(results.drain ? { drain: results.drain } : {}),
    ...(results.dispatch_latency ? { latency: results.dispatch_latency } : {}),
    ...(results.coalescing ? { coalescing: results.coalescing } : {}),
    ...(results.call_cost ? { flame: results.call_cost.flame } : {}),
  });
  const block = markdownTables(results);
  await refreshReadme(PUBLISHED.readme, block);
  process.stdout.write(`${block}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
