import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { createProducerRedis } from '@cancelq/queue';
import { startNodeProcess, waitFor, type SimCalls } from '@cancelq/test-utils';
import { CALL_PARTS, OTHER_PART } from './call-parts.ts';
import type { BenchConfig } from './config.ts';
import { cancelPlanomaticOrders } from './drain-specs.ts';
import { queueIdle } from './queue-idle.ts';
import { flameTree, timeByPart, type CpuProfile, type FlameNode } from './harness/cpu-profile.ts';
import { progress } from './harness/log.ts';
import { processCpuMs } from './harness/proc-cpu.ts';
import { admittedArrivals } from './harness/sim-record.ts';
import { CREDENTIALS, startStack, stopProcess, type BenchStack } from './harness/stack.ts';
import { spread, type Spread } from './harness/stats.ts';

/** The goals: CPU per single-target call, calls/s of one worker, idle CPU per queue. */
export const CALL_COST_GOALS = { cpuMsPerCall: 0.3, callsPerSecond: 2_500, idleMsPerSecond: 5 };
/** The provider queues one worker process drains (the webhooks lane is off: no secret). */
const PROVIDER_QUEUES = 4;
/** PlanOmatic's 100/60s, scaled down: 5 calls go, then the queue waits 10 s for its window. */
const WAITING_LIMIT = { max: 5, duration_ms: 10_000 };
const BATCH = 1_000;

export interface CallCostRun {
  calls: number;
  // The measured drain, of a worker process that has drained as many calls before (see
  // callCostBench); then that first drain, the fresh process's warm-up included.
  calls_per_s: number;
  cpu_ms_per_call: number;
  first_calls_per_s: number;
  first_cpu_ms_per_call: number;
  idle_cpu_ms_per_s_per_queue: number;
  waiting_cpu_ms_per_s_per_queue: number;
  /** The floor, the same run: a plain BullMQ worker making the same calls (raw-caller.ts). */
  raw_cpu_ms_per_call: number;
  raw_calls_per_s: number;
}

export interface CallCostResult {
  calls: number;
  cpu_ms_per_call: Spread;
  calls_per_s: Spread;
  /** Absent from results written before the first drain was measured apart. */
  first_cpu_ms_per_call?: Spread;
  first_calls_per_s?: Spread;
  /** Absent from results written before the floor was measured. */
  raw_cpu_ms_per_call?: Spread;
  raw_calls_per_s?: Spread;
  /** cancelq's CPU per call ÷ the floor's, run by run: what cancelq adds, on any machine. */
  cpu_per_call_over_raw?: Spread;
  idle_cpu_ms_per_s_per_queue: Spread;
  waiting_cpu_ms_per_s_per_queue: Spread;
  runs: CallCostRun[];
  /** One more run under `--cpu-prof`: where a call's CPU goes. */
  profile: { calls: number; parts: { part: string; share: number; ms_per_call: number }[] };
  flame: FlameNode;
}

/**
 * What one provider call costs the worker when the limit is out of the way: HyperTrack
 * single-order cancellations (one target, one call each) accepted in batches of 1,000 while one
 * worker process drains them against a simulator whose limit is lifted; the worker's CPU (from
 * /proc) over the drain, per call, and the calls per second at the simulator. Then what a worker
 * costs doing nothing: with every queue empty, and with one queue holding a backlog that waits
 * for its window. The same settings as users get; only the limits are lifted or scaled.
 *
 * Each process, cancelq's worker and the floor's, has drained as many calls before the measured
 * drain, and that first drain is reported beside: a worker daemon runs for days, so what a call
 * costs it is the cost once its code is warm. A fresh process pays more for its first few
 * thousand calls while V8 compiles their paths (measured, one worker draining 1,000 calls at a
 * time: 0.67, 0.38, 0.29, 0.22, then 0.15–0.16 ms a call), a cost of starting, paid once.
 */
export async function callCostBench(config: BenchConfig): Promise<CallCostResult> {
  const runs: CallCostRun[] = [];
  for (let run = 0; run < config.runs; run += 1) {
    const stack = await startStack({ workers: 1, env: costEnv() });
    try {
      const first = await drain(stack, config.callCost.calls);
      // Measured warm (see above).
      const drained = await drain(stack, config.callCost.calls);
      const idle = await idleCpuMsPerSecond(stack, config.callCost.idleMs);
      const waiting = await waitingCpuMsPerSecond(stack, config.callCost.idleMs);
      const raw = await rawDrain(stack, config.callCost.calls);
      const result = {
        ...drained,
        first_calls_per_s: first.calls_per_s,
        first_cpu_ms_per_call: first.cpu_ms_per_call,
        idle_cpu_ms_per_s_per_queue: idle / PROVIDER_QUEUES,
        waiting_cpu_ms_per_s_per_queue: waiting / PROVIDER_QUEUES,
        raw_cpu_ms_per_call: raw.cpu_ms_per_call,
        raw_calls_per_s: raw.calls_per_s,
      };
      runs.push(result);
      progress(`call-cost run ${run + 1}: ${JSON.stringify(result)}`);
    } finally {
      await stack.close();
    }
  }
  const profiled = await profiledDrain(config.callCost.calls);
  return {
    calls: config.callCost.calls,
    cpu_ms_per_call: spread(runs.map((r) => r.cpu_ms_per_call)),
    calls_per_s: spread(runs.map((r) => r.calls_per_s)),
    first_cpu_ms_per_call: spread(runs.map((r) => r.first_cpu_ms_per_call)),
    first_calls_per_s: spread(runs.map((r) => r.first_calls_per_s)),
    raw_cpu_ms_per_call: spread(runs.map((r) => r.raw_cpu_ms_per_call)),
    raw_calls_per_s: spread(runs.map((r) => r.raw_calls_per_s)),
    cpu_per_call_over_raw: spread(runs.map((r) => r.cpu_ms_per_call / r.raw_cpu_ms_per_call)),
    idle_cpu_ms_per_s_per_queue: spread(runs.map((r) => r.idle_cpu_ms_per_s_per_queue)),
    waiting_cpu_ms_per_s_per_queue: spread(runs.map((r) => r.waiting_cpu_ms_per_s_per_queue)),
    runs,
    ...profiled,
  };
}

function costEnv(): Record<string, string> {
  return {
    HYPERTRACK_RATE_LIMIT: '1000000/1s',
    PLANOMATIC_RATE_LIMIT: `${WAITING_LIMIT.max}/${WAITING_LIMIT.duration_ms}ms`,
  };
}

function workerPid(stack: BenchStack): number {
  const pid = stack.workers[0]?.child.pid;
  if (pid === undefined) throw new Error('call-cost needs a worker process');
  return pid;
}

type Drained = Pick<CallCostRun, 'calls' | 'calls_per_s' | 'cpu_ms_per_call'>;

async function newHandles(stack: BenchStack, calls: number): Promise<string[]> {
  const sim = stack.sim.hypertrack;
  await sim.setLimit({ max: 1_000_000, duration_ms: 1_000 });
  const handles: string[] = [];
  for (let made = 0; made < calls; made += BATCH)
    handles.push(
      ...(await sim.createOrders({ count: Math.min(BATCH, calls - made) })).map(
        (o) => o.order_handle,
      ),
    );
  return handles;
}

/** Calls the simulator admitted after the first `skip`, and their rate. */
function callRate(record: SimCalls, skip: number): { calls: number; calls_per_s: number } {
  const arrivals = admittedArrivals({ ...record, calls: record.calls.slice(skip) });
  const seconds = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1_000;
  return {
    calls: arrivals.length,
    calls_per_s: seconds > 0 ? arrivals.length / seconds : Number.NaN,
  };
}

async function drain(stack: BenchStack, calls: number): Promise<Drained> {
  const sim = stack.sim.hypertrack;
  const handles = await newHandles(stack, calls);
  const skip = (await sim.calls()).count;
  const cpuBefore = processCpuMs(workerPid(stack));
  for (let at = 0; at < handles.length; at += BATCH)
    await stack.api.expect(202, 'POST', '/v1/cancellations/batch', {
      cancellations: handles
        .slice(at, at + BATCH)
        .map((handle) => ({ provider: 'hypertrack', order_handle: handle })),
    });
  await queueIdle(stack, 'hypertrack');
  const cpuMs = processCpuMs(workerPid(stack)) - cpuBefore;
  const rate = callRate(await sim.calls(), skip);
  return { ...rate, cpu_ms_per_call: cpuMs / rate.calls };
}

const RAW_QUEUE = 'raw-calls';

/**
 * The floor under a call's cost, on the same stack after cancelq's drain: the same number of
 * HyperTrack cancels made by a plain BullMQ worker process (raw-caller.ts), its jobs added in
 * `addBulk`s of 1,000, after a first drain of as many; its CPU per call and the calls/s at the
 * simulator.
 */
async function rawDrain(stack: BenchStack, calls: number): Promise<Drained> {
  const sim = stack.sim.hypertrack;
  const prefix = `${stack.prefix}-raw`;
  const caller = startNodeProcess('bench/raw-caller.ts', {
    REDIS_URL: stack.redisUrl,
    RAW_PREFIX: prefix,
    RAW_QUEUE,
    HYPERTRACK_BASE_URL: sim.apiBaseUrl,
    HYPERTRACK_ACCOUNT_ID: CREDENTIALS.HYPERTRACK_ACCOUNT_ID,
    HYPERTRACK_SECRET_KEY: CREDENTIALS.HYPERTRACK_SECRET_KEY,
  });
  const connection = createProducerRedis(stack.redisUrl);
  const queue = new Queue(RAW_QUEUE, { connection, prefix });
  try {
    await waitFor(() => caller.output().includes('raw caller ready'), {
      timeoutMs: 30_000,
      what: 'raw caller ready',
    });
    const pid = caller.child.pid as number;
    /** `calls` more cancels, once `before` jobs are done. */
    const round = async (before: number): Promise<Drained> => {
      const handles = await newHandles(stack, calls);
      const skip = (await sim.calls()).count;
      const cpuBefore = processCpuMs(pid);
      for (let at = 0; at < handles.length; at += BATCH)
        await queue.addBulk(
          handles.slice(at, at + BATCH).map((handle) => ({ name: 'cancel', data: { handle } })),
        );
      await waitFor(
        async () => {
          const counts = await queue.getJobCounts('completed', 'failed');
          return (counts.completed ?? 0) + (counts.failed ?? 0) >= before + calls ? true : null;
        },
        { timeoutMs: 120_000, intervalMs: 50, what: 'the raw caller drained its jobs' },
      );
      const cpuMs = processCpuMs(pid) - cpuBefore;
      const rate = callRate(await sim.calls(), skip);
      return { ...rate, cpu_ms_per_call: cpuMs / rate.calls };
    };
    // Measured warm, as cancelq's worker is (see callCostBench).
    await round(0);
    const drained = await round(calls);
    const failed = (await queue.getJobCounts('failed')).failed ?? 0;
    if (failed > 0) throw new Error(`the raw caller failed ${failed} calls`);
    return drained;
  } finally {
    await stopProcess(caller);
    await queue.close();
    await connection.quit();
  }
}

/**
 * How long a worker takes to settle after a drain. When allocation stops, V8's memory reducer
 * shrinks the heap the drain grew in a few full collections over the next ~10 s (measured in 2 s
 * steps after 5,000 calls: 0, 10, 65, 45, 15, 5, 5, 0 ms of CPU per second). That is a cost of
 * the drain, paid once, not of waiting: the drain's own figure already counts the heap it grew.
 */
const SETTLE_MS = 14_000;

/** The worker's CPU per second over `ms` with nothing to do, once a drain has settled. */
async function idleCpuMsPerSecond(stack: BenchStack, ms: number): Promise<number> {
  await sleep(SETTLE_MS);
  const before = processCpuMs(workerPid(stack));
  await sleep(ms);
  return ((processCpuMs(workerPid(stack)) - before) * 1_000) / ms;
}

/**
 * The worker's CPU per second while one queue holds work it may not send yet: PlanOmatic at
 * 5 calls per 10 s, with 5 more cancellations than the window takes.
 */
async function waitingCpuMsPerSecond(stack: BenchStack, ms: number): Promise<number> {
  const sim = stack.sim.planomatic;
  await sim.setLimit(WAITING_LIMIT);
  await cancelPlanomaticOrders(stack, WAITING_LIMIT.max * 2);
  await waitFor(async () => (await sim.calls()).count >= WAITING_LIMIT.max, {
    timeoutMs: 30_000,
    what: 'the first window of PlanOmatic calls',
  });
  const measuredMs = Math.min(ms, WAITING_LIMIT.duration_ms - 2_000);
  await sleep(500);
  const before = processCpuMs(workerPid(stack));
  await sleep(measuredMs);
  const cpuMs = processCpuMs(workerPid(stack)) - before;
  if ((await sim.calls()).count !== WAITING_LIMIT.max)
    throw new Error('a PlanOmatic call went out while the queue should have waited');
  return (cpuMs * 1_000) / measuredMs;
}

function busyMs(parts: { ms: number }[]): number {
  return parts.reduce((sum, p) => sum + p.ms, 0);
}

/** µs on the monotonic clock V8 stamps profiles with (CLOCK_MONOTONIC, machine-wide). */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1_000n);
}

/** The warm drain once more, the worker under `--cpu-prof`: its profile in parts and a tree. */
async function profiledDrain(calls: number): Promise<Pick<CallCostResult, 'profile' | 'flame'>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cancelq-cpu-prof-'));
  try {
    const stack = await startStack({
      workers: 1,
      env: costEnv(),
      workerNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
    let made = 0;
    const window = { fromUs: 0, toUs: 0 };
    try {
      // Only the measured drain is read: not the worker's start (loading and compiling its
      // modules), nor its first drain (see callCostBench).
      await drain(stack, calls);
      window.fromUs = monotonicUs();
      made = (await drain(stack, calls)).calls;
      window.toUs = monotonicUs();
      // The profile is written as the process exits; it must exit by itself, not be killed.
      for (const worker of stack.workers) await stopProcess(worker);
    } finally {
      await stack.close();
    }
    // One file per thread (the module loader's hooks run in a thread of their own): the main
    // thread is the one that was busy during the drain.
    const profiles = await Promise.all(
      (await readdir(dir))
        .filter((f) => f.endsWith('.cpuprofile'))
        .map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as CpuProfile),
    );
    const busiest = profiles
      .map((profile) => ({ profile, parts: timeByPart(profile, CALL_PARTS, OTHER_PART, window) }))
      .sort((a, b) => busyMs(b.parts) - busyMs(a.parts))[0];
    if (!busiest) throw new Error(`no worker profile in ${dir}`);
    const parts = busiest.parts.map((p) => ({
      part: p.part,
      share: p.share,
      ms_per_call: p.ms / made,
    }));
    return {
      profile: { calls: made, parts },
      flame: flameTree(busiest.profile, CALL_PARTS, OTHER_PART, window),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
