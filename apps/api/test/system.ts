import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { createQueues } from '@cancelq/queue';
import {
  coinwSimClient,
  connectTestRedis,
  deleteKeys,
  hypertrackSimClient,
  planetSimClient,
  planomaticSimClient,
  providerSecrets,
  scanForSecrets,
  startNodeProcess,
  simulatorEnvFor,
  spawnApiProcess,
  apiProcessUrl,
  startSimulator,
  testRedisUrl,
  uniquePrefix,
  waitFor,
  type NodeProcess,
  type RunningSimulatorProcess,
  type SimCalls,
  type Secrets,
  type SecretsScan,
} from '@cancelq/test-utils';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER } from './harness.ts';

/** Provider credentials: the simulator demands them, the worker presents them. */
const CREDENTIALS = {
  PLANET_API_KEY: 'system-planet-key-1c9e',
  PLANOMATIC_API_TOKEN: 'system-planomatic-token-8d2a',
  COINW_API_KEY: 'system-coinw-key-3f70',
  COINW_SECRET_KEY: 'system-coinw-secret-b614',
  HYPERTRACK_ACCOUNT_ID: 'system-account-47e1',
  HYPERTRACK_SECRET_KEY: 'system-hypertrack-secret-05dc',
} as const;

/**
 * The whole system as it runs in production, each part its own process: the provider simulator,
 * the API (`apps/api/src/main.ts`) and a worker draining every provider, over a real Redis under
 * a key prefix of their own (`REDIS_URL` in `env`, e.g. from startPrivateRedis, picks the Redis).
 * A test can then see whether the API process survived, whether anything reached a queue, and
 * whether any provider was called.
 */
export interface System {
  apiUrl: string;
  prefix: string;
  api: NodeProcess;
  worker: NodeProcess;
  /** A connection of the test's own, for inspecting Redis. */
  redis: Redis;
  queues: Record<ProviderId, Queue>;
  /** Each simulated provider's call log (`/_sim/<provider>/calls`). */
  calls(provider: ProviderId): Promise<SimCalls>;
  /** Everything the API and the worker processes printed so far (their log lines, at info). */
  logs(): string;
  /** The API token, Bull Board's login, and the provider credentials the worker holds. */
  secrets(): Secrets[];
  /**
   * Every key of the system's Redis and `logs()` searched for `secrets()`. Meant for a Redis of
   * the test's own: on the shared one it also reads other tests' keys.
   */
  scanForSecrets(): Promise<SecretsScan>;
  close(): Promise<void>;
}

export async function startSystem(env: Record<string, string> = {}): Promise<System> {
  const prefix = uniquePrefix('system');
  const sim: RunningSimulatorProcess = await startSimulator(simulatorEnvFor(CREDENTIALS));
  const clients = {
    planet: planetSimClient(sim.url),
    planomatic: planomaticSimClient(sim.url),
    coinw: coinwSimClient(sim.url),
    hypertrack: hypertrackSimClient(sim.url),
  };
  const common: Record<string, string> = {
    REDIS_URL: testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'info',
    PLANET_BASE_URL: clients.planet.apiBaseUrl,
    PLANOMATIC_BASE_URL: clients.planomatic.apiBaseUrl,
    COINW_BASE_URL: clients.coinw.apiBaseUrl,
    HYPERTRACK_BASE_URL: clients.hypertrack.apiBaseUrl,
    ...env,
  };
  const api = spawnApi(common);
  const worker = startNodeProcess('apps/worker/src/main.ts', {
    ...common,
    ...CREDENTIALS,
    CANCELQ_PROVIDERS: PROVIDERS.join(','),
    CANCELQ_WORKER_PORT: '0',
    CANCELQ_BACKOFF: '50ms',
  });
  const redisUrl = common.REDIS_URL ?? testRedisUrl();
  const redis = connectTestRedis(redisUrl);
  const queues = createQueues(redis, prefix);
  const logs = () => [api.output(), worker.output()].join('\n');
  const secrets = (): Secrets[] => [
    { values: [API_TOKEN, BOARD_PASSWORD], basicAuth: [[BOARD_USER, BOARD_PASSWORD]] },
    providerSecrets(CREDENTIALS),
  ];

  const close = async () => {
    await Promise.all([api.kill('SIGTERM'), worker.kill('SIGTERM')]);
    await sim.stop();
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await deleteKeys(redis, prefix).catch(() => undefined);
    await redis.quit();
  };
  try {
    const apiUrl = await apiProcessUrl(api);
    await waitFor(() => worker.output().includes('"worker ready"'), {
      what: 'the worker to be ready',
      timeoutMs: 30_000,
    });
    return {
      apiUrl,
      prefix,
      api,
      worker,
      redis,
      queues,
      calls: (provider) => clients[provider].calls(),
      logs,
      secrets,
      scanForSecrets: () => scanForSecrets({ redisUrl, logs: logs(), secrets: secrets() }),
      close,
    };
  } catch (error) {
    await close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nAPI output:\n${api.output()}\nworker output:\n${worker.output()}`);
  }
}

/** `apps/api/src/main.ts` as its own process, on a port of its choosing, with test credentials. */
function spawnApi(env: Record<string, string>): NodeProcess {
  return spawnApiProcess({
    REDIS_URL: testRedisUrl(),
    LOG_LEVEL: 'info',
    CANCELQ_API_TOKEN: API_TOKEN,
    CANCELQ_BOARD_USER: BOARD_USER,
    CANCELQ_BOARD_PASSWORD: BOARD_PASSWORD,
    ...env,
  });
}

/** Only the API, as its own process configured by `env` (a key prefix at least). */
export async function startApiProcess(
  env: Record<string, string>,
): Promise<{ url: string; process: NodeProcess }> {
  const api = spawnApi(env);
  try {
    return { url: await apiProcessUrl(api), process: api };
  } catch (error) {
    await api.kill('SIGKILL');
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nAPI output:\n${api.output()}`);
  }
}
