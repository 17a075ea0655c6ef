/** The benchmarks `pnpm bench` runs, in this order; `BENCH_ONLY` picks some by these names. */
export const BENCH_NAMES = [
  'enqueue',
  'drain',
  'dispatch-latency',
  'coalescing',
  'accounts',
  'planet-race',
  'cost',
  'call-cost',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** Every size in one place. `quick` is for development only: its figures are not published. */
export interface BenchConfig {
  /** BENCH_QUICK=1: small N and one run per figure. */
  quick: boolean;
  /** A full run: every benchmark, full sizes. Only a full run refreshes docs/benchmarks.md and the charts. */
  full: boolean;
  only: BenchName[];
  runs: number;
  enqueue: { cancellations: number; inFlight: number; batchSize: number };
  drain: {
    workers: number[];
    coinwIds: number;
    planomaticCancellations: number;
    planetOrders: number;
    hypertrackOrders: number;
  };
  latency: { samples: number; gapMs: number };
  coalescing: {
    /** Orders, one cancellation each: single-order traffic. */
    coinwOrders: number;
    planetOrders: number;
    /** Single-order requests in flight from the bench's client. */
    inFlight: number;
    /** Share of the orders accepted up front through `/batch`, still one cancellation each. */
    headStartShare: number;
    /** Idle dispatch latency: measured requests per provider and run, and the gap between them, ms. */
    idleSamples: number;
    gapMs: number;
  };
  /** CoinW accounts draining at once, each its own backlog at its own 10/1s. */
  accounts: { counts: number[]; idsPerAccount: number };
  race: { orders: number; spacingMs: number; runningMeanMs: number };
  cost: {
    warmupCalls: number;
    calls: number;
    /** What an order keeps in memory: measured with the limits lifted, after a warm-up. */
    retained: { warmupCalls: number; calls: number };
  };
  /** Single-target calls drained with the limit lifted; how long each idle figure is measured. */
  callCost: { calls: number; idleMs: number };
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const only = parseOnly(env.BENCH_ONLY);
  return {
    quick,
    full: !quick && only.length === BENCH_NAMES.length,
    only,
    runs: quick ? 1 : 3,
    enqueue: { cancellations: quick ? 2_000 : 10_000, inFlight: 64, batchSize: 1_000 },
    drain: {
      workers: [1, 2, 4],
      // The CoinW issue's figure: 2,000 ids, 20 per call, 100 calls at 10/1s, ideally 10 s.
      coinwIds: quick ? 400 : 2_000,
      planomaticCancellations: quick ? 40 : 150,
      planetOrders: quick ? 40 : 150,
      hypertrackOrders: quick ? 40 : 150,
    },
    // A gap of 120 ms keeps at most 9 calls in any 1,025 ms window: the limiter never holds a
    // call back, so the latency is dispatch alone, not pacing.
    latency: { samples: quick ? 40 : 300, gapMs: 120 },
    // At the ceiling (10 calls/s × 20 or 100 ids) CoinW's 2,000 orders take 10 s, Planet's 5,000
    // take 5 s; quick sizes keep at least two whole windows to measure.
    coalescing: {
      coinwOrders: quick ? 600 : 2_000,
      planetOrders: quick ? 2_000 : 5_000,
      inFlight: 64,
      headStartShare: 0.5,
      idleSamples: quick ? 5 : 20,
      gapMs: 120,
    },
    // 2,000 ids (100 calls, 10 s) per account, as the accounts issue measures two accounts.
    accounts: { counts: [1, 4, 16], idsPerAccount: quick ? 400 : 2_000 },
    // A PUT per order and, for a lost race, a GET: 2 calls per 210 ms stay under 10/1s.
    race: { orders: quick ? 80 : 1_000, spacingMs: 210, runningMeanMs: 200 },
    // The retained bytes' warm-up fills each queue's event stream (EVENTS_MAX_LEN, 4 events a job).
    cost: {
      warmupCalls: quick ? 10 : 20,
      calls: quick ? 30 : 100,
      retained: { warmupCalls: 300, calls: quick ? 200 : 500 },
    },
    // The load: 5,000 HyperTrack single-order cancellations in 5 batch requests.
    callCost: { calls: quick ? 1_000 : 5_000, idleMs: quick ? 3_000 : 6_000 },
  };
}

function parseOnly(raw: string | undefined): BenchName[] {
  if (raw === undefined || raw.trim() === '') return [...BENCH_NAMES];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(BENCH_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY: unknown benchmark ${unknown.join(', ')}; choose from ${BENCH_NAMES.join(', ')}`,
    );
  return BENCH_NAMES.filter((name) => names.includes(name));
}
