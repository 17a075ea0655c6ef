import { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '@cancelq/config';
import {
  coinwSimClient,
  hypertrackSimClient,
  planetSimClient,
  planomaticSimClient,
  apiProcessUrl,
  spawnApiProcess,
  startNodeProcess,
  startPrivateRedis,
  simulatorEnvFor,
  startSimulator,
  waitFor,
  type CoinwSimClient,
  type HypertrackSimClient,
  type NodeProcess,
  type PlanetSimClient,
  type PlanomaticSimClient,
  type PrivateRedis,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import { httpClient, type HttpClient } from './http-client.ts';

/** Provider credentials the simulators accept and the workers present. */
export const CREDENTIALS = {
  PLANET_API_KEY: 'bench-planet-key',
  PLANOMATIC_API_TOKEN: 'bench-planomatic-token',
  COINW_API_KEY: 'bench-coinw-key',
  COINW_SECRET_KEY: 'bench-coinw-secret',
  HYPERTRACK_ACCOUNT_ID: 'bench-account',
  HYPERTRACK_SECRET_KEY: 'bench-hypertrack-secret',
} as const;
const API_TOKEN = 'bench-api-token-4b8e1f0c7a92';
/** Redis durability for every benchmark: AOF, fsync once a second (Redis's AOF default). */
export const APPENDFSYNC = 'everysec';
const STOP_TIMEOUT_MS = 20_000;

export interface Simulator {
  url: string;
  planet: PlanetSimClient;
  coinw: CoinwSimClient;
  planomatic: PlanomaticSimClient;
  hypertrack: HypertrackSimClient;
}

export interface StackOptions {
  /** Worker processes (apps/worker/src/main.ts); default 0. */
  workers?: number;
  /** Simulator processes; workers and the API talk to the first. Default 1. */
  simulators?: number;
  /** Environment for the API and the workers, over the stack's own. */
  env?: Record<string, string>;
  /** Node options for the workers alone (`--cpu-prof`, say). */
  workerNodeArgs?: string[];
  /** Node options for the API process. */
  apiNodeArgs?: string[];
}

/**
 * One benchmark's whole system on loopback: a private redis-server, the simulator process(es),
 * the API as its own process and N worker processes, all started fresh, so no run inherits
 * another's Redis, limiter state or warm caches.
 */
export interface BenchStack {
  env: Record<string, string>;
  prefix: string;
  redisUrl: string;
  sims: Simulator[];
  sim: Simulator;
  /** Authorized client of the API (`/v1/...` paths). */
  api: HttpClient;
  apiProcess: NodeProcess;
  workers: NodeProcess[];
  /** A connection of the benchmark's own to the stack's Redis. */
  redis: Redis;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<BenchStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const redisServer: PrivateRedis = await startPrivateRedis({ appendfsync: APPENDFSYNC });
    cleanups.push(() => redisServer.stop());

    const sims: Simulator[] = [];
    for (let i = 0; i < (options.simulators ?? 1); i += 1) {
      // The simulator knows the default accounts' keys and every other account's in the env.
      const simProcess: RunningSimulatorProcess = await startSimulator(
        simulatorEnvFor({ ...CREDENTIALS, ...accountsOf(options.env ?? {}) }),
      );
      cleanups.push(() => simProcess.stop());
      sims.push({
        url: simProcess.url,
        planet: planetSimClient(simProcess.url),
        coinw: coinwSimClient(simProcess.url),
        planomatic: planomaticSimClient(simProcess.url),
        hypertrack: hypertrackSimClient(simProcess.url),
      });
    }
    const sim = sims[0];
    if (!sim) throw new Error('a stack needs at least one simulator');

    // The prefix users get unless they set one: every key carries it, so what an order costs in
    // Redis memory and AOF is measured as users pay it. The Redis is this stack's alone.
    const prefix = DEFAULT_PREFIX;
    const env: Record<string, string> = {
      REDIS_URL: redisServer.url,
      CANCELQ_REDIS_PREFIX: prefix,
      CANCELQ_WORKER_PORT: '0',
      LOG_LEVEL: 'info',
      PLANET_BASE_URL: sim.planet.apiBaseUrl,
      COINW_BASE_URL: sim.coinw.apiBaseUrl,
      PLANOMATIC_BASE_URL: sim.planomatic.apiBaseUrl,
      HYPERTRACK_BASE_URL: sim.hypertrack.apiBaseUrl,
      ...CREDENTIALS,
      ...options.env,
    };

    const apiProcess = spawnApiProcess(
      {
        ...env,
        CANCELQ_API_TOKEN: API_TOKEN,
        CANCELQ_BOARD_USER: 'bench',
        CANCELQ_BOARD_PASSWORD: 'bench-board-password-5e2c91d7',
        CANCELQ_BOARD_READ_ONLY: 'true',
      },
      options.apiNodeArgs,
    );
    cleanups.push(() => stopProcess(apiProcess));
    const apiUrl = await apiProcessUrl(apiProcess).catch((error: unknown) => {
      throw new Error(`${String(error)}; the API said:\n${apiProcess.output()}`);
    });
    const api = httpClient(apiUrl, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    cleanups.push(() => Promise.resolve(api.close()));

    const workers: NodeProcess[] = [];
    for (let i = 0; i < (options.workers ?? 0); i += 1) {
      const worker = startNodeProcess('apps/worker/src/main.ts', env, options.workerNodeArgs);
      workers.push(worker);
      cleanups.push(() => stopProcess(worker));
    }
    await Promise.all(workers.map((worker) => workerReady(worker)));

    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.quit());

    return {
      env,
      prefix,
      redisUrl: redisServer.url,
      sims,
      sim,
      api,
      apiProcess,
      workers,
      redis,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function workerReady(worker: NodeProcess): Promise<void> {
  await waitFor(
    () => {
      if (worker.child.exitCode !== null) throw new Error('worker exited');
      return worker.output().includes('worker ready');
    },
    { timeoutMs: 30_000, what: 'worker ready' },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; the worker said:\n${worker.output()}`);
  });
}

/** SIGTERM, then SIGKILL if the process has not exited within STOP_TIMEOUT_MS. */
export async function stopProcess(child: NodeProcess): Promise<void> {
  const killer = setTimeout(() => child.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await child.kill('SIGTERM');
  } finally {
    clearTimeout(killer);
  }
}

/** The `<PROVIDER>_ACCOUNTS` and `<PROVIDER>_ACCOUNT_<NAME>_<FIELD>` variables of an environment. */
function accountsOf(env: Record<string, string>): Record<string, string> {
  const account = /^(PLANET|PLANOMATIC|COINW|HYPERTRACK)_ACCOUNT(S$|_.+_)/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => account.test(name)));
}
