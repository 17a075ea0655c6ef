import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, parseEnv, type Logger } from '@cancelq/config';
import type { Cancellation, ProviderId } from '@cancelq/contracts';
import { createApi } from '@cancelq/api';
import {
  coinwSimClient,
  connectTestRedis,
  deleteKeys,
  hypertrackSimClient,
  planetSimClient,
  planomaticSimClient,
  scanForSecrets,
  simulatorEnvFor,
  spawnApiProcess,
  apiProcessUrl,
  startNodeProcess,
  startSimulator,
  testRedisUrl,
  uniquePrefix,
  waitFor,
  type CoinwSimClient,
  type HypertrackSimClient,
  type NodeProcess,
  type PlanetSimClient,
  type PlanomaticSimClient,
  type RunningSimulatorProcess,
  type Secrets,
  type SecretsScan,
} from '@cancelq/test-utils';
import { startDaemon, type Daemon } from '../src/daemon.ts';
import { apiClient } from './stack/api-client.ts';
import {
  API_TOKEN,
  BOARD_PASSWORD,
  BOARD_USER,
  configuredSecrets,
  CREDENTIALS,
} from './stack/credentials.ts';
import { queueReader } from './stack/queue-reader.ts';

export {
  API_TOKEN,
  BOARD_PASSWORD,
  BOARD_USER,
  CREDENTIALS,
  SIM_KEY,
} from './stack/credentials.ts';
export { callsPerId } from './stack/calls-per-id.ts';

/**
 * The whole system for one test file: the simulator as its own process, the API served on an
 * ephemeral port (in this process, or as its own: `apiProcess`), and workers in this process or
 * as real processes — over a real Redis, under a key prefix of its own. `REDIS_URL` in the
 * overrides picks the Redis (one from startPrivateRedis, for a test that must be alone on it).
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
   * Every line logged so far: by the API (at debug, unless `apiLog` was passed; an API process
   * at info), by workers in this process (at debug) and by every worker process (at its
   * LOG_LEVEL).
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
  /**
   * The API as its own process, as users run it, rather than in the test's: for a test that
   * measures how fast requests are answered, with many clients in this process (their work
   * would otherwise delay the API's, and the API's theirs).
   */
  apiProcess?: boolean;
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
  const daemons: Daemon[] = [];
  const processes: NodeProcess[] = [];
  const api = options.apiProcess
    ? await apiOfItsOwn(env, processes)
    : await apiInProcess(env, options.apiLog ?? capture('cancelq-api'));
  const apiUrl = api.url;

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
    ...apiClient(apiUrl),
    ...queueReader(redisUrl, prefix),
    logs() {
      return [logLines.join(''), ...processes.map((worker) => worker.output())].join('\n');
    },
    secrets: () => configuredSecrets(env, configured),
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
      await api.close();
      await simProcess.stop();
      const redis = connectTestRedis(env.REDIS_URL);
      await deleteKeys(redis, prefix).catch(() => undefined);
      await redis.quit();
    },
  };
  return stack;
}

interface StackApi {
  url: string;
  close(): Promise<void>;
}

async function apiInProcess(env: Record<string, string>, log: Logger): Promise<StackApi> {
  const api = createApi(parseEnv(env), log, {
    apiToken: API_TOKEN,
    board: { user: BOARD_USER, password: BOARD_PASSWORD, readOnly: false },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await api.close();
    },
  };
}

/** The API process joins `processes`: its lines are the stack's, and the stack kills it. */
async function apiOfItsOwn(
  env: Record<string, string>,
  processes: NodeProcess[],
): Promise<StackApi> {
  const api = spawnApiProcess({
    ...env,
    LOG_LEVEL: 'info',
    CANCELQ_API_TOKEN: API_TOKEN,
    CANCELQ_BOARD_USER: BOARD_USER,
    CANCELQ_BOARD_PASSWORD: BOARD_PASSWORD,
  });
  processes.push(api);
  try {
    return { url: await apiProcessUrl(api), close: () => Promise.resolve() };
  } catch (error) {
    await api.kill('SIGKILL');
    throw new Error(`${String(error)}; the API said:\n${api.output()}`);
  }
}
