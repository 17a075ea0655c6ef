import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, parseEnv, type Logger } from '@cancelq/config';
import { Queue } from 'bullmq';
import {
  callGroupOfJob,
  DEFAULT_ACCOUNT,
  parseQueueName,
  isSharedCallJob,
  jobPayload,
  jobTargets,
  type Cancellation,
  type ProviderId,
} from '@cancelq/contracts';
import { CallPool } from '@cancelq/queue';
import { createApi } from '@cancelq/api';
import {
  connectTestRedis,
  deleteKeys,
  coinwSimClient,
  providerSecrets,
  scanForSecrets,
  hypertrackSimClient,
  planetSimClient,
  planomaticSimClient,
  startNodeProcess,
  simulatorEnvFor,
  startSimulator,
  testRedisUrl,
  uniquePrefix,
  waitFor,
  type NodeProcess,
  type CoinwSimClient,
  type HypertrackSimClient,
  type PlanetSimClient,
  type PlanomaticSimClient,
  type RunningSimulatorProcess,
  type Secrets,
  type SecretsScan,
} from '@cancelq/test-utils';
import { startDaemon, type Daemon } from '../src/daemon.ts';

export const API_TOKEN = 'test-api-token-3f1c-8e2a9b41';
export const BOARD_PASSWORD = 'board-pass-6d0f3c9e81a27b54';
export const SIM_KEY = 'sim-planet-key';
/** Every provider credential the stack configures: tests scan Redis and logs for them. */
export const CREDENTIALS = {
  PLANET_API_KEY: SIM_KEY,
  PLANOMATIC_API_TOKEN: 'stack-planomatic-token-7b1e',
  COINW_API_KEY: 'stack-coinw-key-42aa',
  COINW_SECRET_KEY: 'stack-coinw-secret-9d0c',
  HYPERTRACK_ACCOUNT_ID: 'stack-account-5e3f',
  HYPERTRACK_SECRET_KEY: 'stack-hypertrack-secret-c4b8',
} as const;
export const BOARD_USER = 'board';

/**
 * The whole system for one test file: the simulator as its own process, the API served on an
 * ephemeral port, and workers in this process or as real processes — over a real Redis, under
 * a key prefix of its own. `REDIS_URL` in the overrides picks the Redis (one from
 * startPrivateRedis, for a test that must be alone on it).
 */
export interface Stack {
  env: Record<string, string>;
  prefix: string;
  /** Planet's simulator (the first provider; kept as `sim` for brevity). */
  sim: PlanetSimClient;
  coinw: CoinwSimClient;
  planomatic: PlanomaticSimClient;
  hypertrack: HypertrackSimClient;
  apiUrl: string;
  startWorker(overrides?: Record<string, string>): Promise<Daemon>;
  startWorkerProcess(overrides?: Record<string, string>): NodeProcess;
  /** A worker process that has logged `worker ready`. */
  startReadyWorkerProcess(overrides?: Record<string, string>): Promise<NodeProcess>;
  cancel(body: unknown): Promise<{ id: string; total: number | null }>;
  /** `POST /v1/cancellations/batch`; the 202 answers, in order. */
  cancelBatch(bodies: unknown[]): Promise<{ id: string; total: number | null }[]>;
  get(id: string): Promise<Cancellation>;
  completed(id: string, timeoutMs?: number): Promise<Cancellation>;
  /** A job as BullMQ holds it: attempts made, state, failure reason. */
  job(
    queue: ProviderId,
    jobId: string,
  ): Promise<{ attemptsMade: number; state: string; failedReason: string } | null>;
  /** The data of every job some worker holds right now (BullMQ's active list). */
  activeJobs(queue: ProviderId): Promise<unknown[]>;
  /**
   * The target ids the active jobs carry: named in their data, or, for a shared call, taken
   * from the pool and held for its call.
   */
  inFlightTargets(queue: ProviderId): Promise<Set<string>>;
  /**
   * Every line logged so far: by the API (at debug, unless `apiLog` was passed), by workers in
   * this process (at debug) and by every worker process (at its LOG_LEVEL).
   */
  logs(): string;
  /**
   * Every secret the stack has configured: the API token, Bull Board's password, and the
   * provider credentials of the stack and of every worker started with other ones.
   */
  secrets(): Secrets[];
  /**
   * Every key of the stack's Redis and `logs()` searched for `secrets()` (and `extra`). Meant
   * for a Redis of the test's own (`REDIS_URL` from startPrivateRedis): on the shared one it
   * also reads other tests' keys.
   */
  scanForSecrets(extra?: Secrets[]): Promise<SecretsScan>;
  close(): Promise<void>;
}

export interface StackOptions {
  /**
   * The API's logger (default: one whose lines `logs()` returns); a test that reads the lines
   * its own way passes its own.
   */
  apiLog?: Logger;
}

export async function startStack(
  overrides: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const simProcess: RunningSimulatorProcess = await startSimulator(simulatorEnvFor(CREDENTIALS));
  const sim = planetSimClient(simProcess.url);
  const coinw = coinwSimClient(simProcess.url);
  const planomatic = planomaticSimClient(simProcess.url);
  const hypertrack = hypertrackSimClient(simProcess.url);
  // A prefix of the test's choosing (a Redis Cluster hash tag, say), else one of its own.
  const prefix = overrides.CANCELQ_REDIS_PREFIX ?? uniquePrefix('e2e');
  const redisUrl = overrides.REDIS_URL ?? testRedisUrl();
  const env: Record<string, string> = {
    REDIS_URL: redisUrl,
    CANCELQ_REDIS_PREFIX: prefix,
    CANCELQ_WORKER_PORT: '0',
    CANCELQ_BACKOFF: '50ms',
    CANCELQ_REQUEST_TIMEOUT: '2s',
    LOG_LEVEL: 'silent',
    PLANET_BASE_URL: sim.apiBaseUrl,
    COINW_BASE_URL: coinw.apiBaseUrl,
    PLANOMATIC_BASE_URL: planomatic.apiBaseUrl,
    HYPERTRACK_BASE_URL: hypertrack.apiBaseUrl,
    ...CREDENTIALS,
    ...overrides,
  };
  // In memory rather than on stdout: quiet test output, and lines a test can search.
  const logLines: string[] = [];
  const capture = (name: string) =>
    createLogger(name, 'debug', { write: (line: string) => logLines.push(line) });
  const workerLog = capture('cancelq-worker');
  /** The stack's environment and every worker's overrides: each may bring credentials. */
  const configured: Record<string, string>[] = [env];
  const api = createApi(parseEnv(env), options.apiLog ?? capture('cancelq-api'), {
    apiToken: API_TOKEN,
    board: { user: BOARD_USER, password: BOARD_PASSWORD, readOnly: false },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const daemons: Daemon[] = [];
  const processes: NodeProcess[] = [];
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

  const stack: Stack = {
    env,
    prefix,
    sim,
    coinw,
    planomatic,
    hypertrack,
    apiUrl,
    async startWorker(workerOverrides = {}) {
      configured.push(workerOverrides);
      const daemon = await startDaemon(parseEnv({ ...env, ...workerOverrides }), workerLog);
      daemons.push(daemon);
      return daemon;
    },
    startWorkerProcess(workerOverrides = {}) {
      configured.push(workerOverrides);
      const worker = startNodeProcess('apps/worker/src/main.ts', {
        ...env,
        LOG_LEVEL: 'info',
        ...workerOverrides,
      });
      processes.push(worker);
      return worker;
    },
    async startReadyWorkerProcess(workerOverrides = {}) {
      const worker = stack.startWorkerProcess(workerOverrides);
      try {
        await waitFor(() => worker.output().includes('worker ready'), {
          what: 'worker ready',
          timeoutMs: 30_000,
        });
      } catch (error) {
        throw new Error(`${String(error)}; the worker said:\n${worker.output()}`);
      }
      return worker;
    },
    async cancel(body) {
      const res = await fetch(`${apiUrl}/v1/cancellations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { id: string; total: number | null };
    },
    async cancelBatch(bodies) {
      const res = await fetch(`${apiUrl}/v1/cancellations/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ cancellations: bodies }),
      });
      if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      const answer = (await res.json()) as {
        cancellations: { id: string; total: number | null }[];
      };
      return answer.cancellations;
    },
    async get(id) {
      const res = await fetch(`${apiUrl}/v1/cancellations/${id}`, { headers });
      if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as Cancellation;
    },
    async completed(id, timeoutMs = 30_000) {
      return waitFor(
        async () => {
          const cancellation = await stack.get(id);
          return cancellation.state === 'completed' ? cancellation : null;
        },
        { timeoutMs, what: `cancellation ${id} to complete` },
      );
    },
    async job(queueName, jobId) {
      const redis = connectTestRedis(env.REDIS_URL);
      const queue = new Queue(queueName, { connection: redis, prefix });
      try {
        const job = await queue.getJob(jobId);
        if (!job) return null;
        const { attemptsMade, failedReason } = job;
        return { attemptsMade, failedReason, state: await job.getState() };
      } finally {
        await queue.close();
        await redis.quit();
      }
    },
    async activeJobs(queueName) {
      const redis = connectTestRedis(env.REDIS_URL);
      const queue = new Queue(queueName, { connection: redis, prefix });
      try {
        return (await queue.getActive()).map((job) => job.data as unknown);
      } finally {
        await queue.close();
        await redis.quit();
      }
    },
    async inFlightTargets(queueName) {
      const redis = connectTestRedis(env.REDIS_URL);
      const queue = new Queue(queueName, { connection: redis, prefix });
      const pool = new CallPool(redis, prefix);
      const account = parseQueueName(queueName)?.account ?? DEFAULT_ACCOUNT;
      try {
        const ids = new Set<string>();
        for (const job of await queue.getActive()) {
          const payload = jobPayload.parse(job.data);
          for (const id of jobTargets(payload)) ids.add(id);
          if (isSharedCallJob(payload)) {
            for (const held of await pool.held(callGroupOfJob(payload, account), job.id ?? ''))
              ids.add(held.id);
          }
        }
        return ids;
      } finally {
        await queue.close();
        await redis.quit();
      }
    },
    logs() {
      return [logLines.join(''), ...processes.map((worker) => worker.output())].join('\n');
    },
    secrets() {
      return [
        { values: [API_TOKEN, BOARD_PASSWORD], basicAuth: [[BOARD_USER, BOARD_PASSWORD]] },
        ...configured.map((vars) => providerSecrets({ ...env, ...vars })),
      ];
    },
    scanForSecrets(extra = []) {
      return scanForSecrets({
        redisUrl,
        logs: stack.logs(),
        secrets: [...stack.secrets(), ...extra],
      });
    },
    async close() {
      await Promise.all(processes.map((worker) => worker.kill('SIGKILL')));
      await Promise.all(daemons.map((daemon) => daemon.close()));
      server.closeAllConnections();
      server.close();
      await api.close();
      await simProcess.stop();
      const redis = connectTestRedis(env.REDIS_URL);
      await deleteKeys(redis, prefix).catch(() => undefined);
      await redis.quit();
    },
  };
  return stack;
}

/** How many times each id was named in a call to the simulator. */
export function callsPerId(
  calls: { ids: string[]; method: string }[],
  method?: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (method && call.method !== method) continue;
    for (const id of call.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
