import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { fixed, met, ms, pct, range, table, whole } from './harness/markdown.ts';
import { callCostSection, costSection } from './cost-tables.ts';
import type { Results } from './results.ts';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function enqueueSection(r: NonNullable<Results['enqueue']>): string[] {
  const n = whole(r.cancellations);
  const cpu = (arm: keyof typeof r.cpu) => [
    range(r.cpu[arm].producer_ms_per_1k, whole),
    range(r.cpu[arm].redis_ms_per_1k, whole),
  ];
  return [
    `**Enqueue**: ${n} cancellations of one Planet order each (one job each), no worker running. ` +
      'CPU is per 1,000 cancellations: the producer (the API process; for raw BullMQ, the benchmark process) and redis-server.',
    '',
    ...table(
      ['path', 'accepted/s', 'producer CPU ms', 'Redis CPU ms', 'target', 'met'],
      [
        [
          `\`POST /v1/cancellations\`, ${r.in_flight} in flight`,
          range(r.singles_per_s, whole),
          ...cpu('singles'),
          '—',
          '—',
        ],
        [
          `\`POST /v1/cancellations/batch\`, ${whole(r.batch_size)} per call`,
          range(r.batch_per_s, whole),
          ...cpu('batch'),
          '—',
          '—',
        ],
        [
          `raw BullMQ \`Queue.addBulk\`, ${whole(r.batch_size)} per call`,
          range(r.raw_per_s, whole),
          ...cpu('raw'),
          '—',
          '—',
        ],
        [
          'batch ÷ raw',
          range(r.batch_over_raw, fixed(2)),
          '',
          '',
          `≥ ${r.target.toFixed(2)}`,
          met(r.met),
        ],
      ],
    ),
  ];
}

function drainSection(rows: NonNullable<Results['drain']>): string[] {
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

function latencySection(r: NonNullable<Results['dispatch_latency']>): string[] {
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

function coalescingSection(rows: NonNullable<Results['coalescing']>): string[] {
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

function accountsSection(rows: NonNullable<Results['accounts']>): string[] {
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

function raceSection(r: NonNullable<Results['planet_race']>): string[] {
  return [
    `**The Planet race**: ${whole(r.orders)} orders, one every ${r.spacing_ms} ms, each turning \`running\` after an exponential delay (mean ${r.running_mean_ms} ms); share cancelled.`,
    '',
    ...table(
      ['arm', 'share cancelled', 'target', 'met'],
      [
        ['cancelq (API → queue → worker → single PUT)', range(r.cancelq_share, pct), '—', '—'],
        ['oracle (the same PUT, sent directly at the 202)', range(r.oracle_share, pct), '—', '—'],
        ['cancelq ÷ oracle', range(r.ratio, fixed(3)), `≥ ${r.target}`, met(r.met)],
      ],
    ),
  ];
}

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

/**
 * Replaces docs/benchmarks.md's benchmark block (between the bench markers) with fresh results,
 * formatted as `pnpm format` would, so the page stays clean under `format:check`.
 */
export async function refreshReadme(file: string, block: string): Promise<void> {
  const readme = await readFile(file, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${START} … ${END} section`);
  const options = (await prettier.resolveConfig(file)) ?? {};
  const formatted = await prettier.format(block, { ...options, parser: 'markdown' });
  await writeFile(
    file,
    `${readme.slice(0, start + START.length)}\n\n${formatted.trimEnd()}\n\n${readme.slice(end)}`,
  );
}
