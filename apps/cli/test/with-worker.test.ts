import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation } from '@cancelq/contracts';
import { createLogger, parseEnv } from '@cancelq/config';
import {
  coinwSimClient,
  hypertrackSimClient,
  startSimulator,
  testRedisUrl,
  type CoinwSimClient,
  type HypertrackSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import { startDaemon, type Daemon } from '@cancelq/worker';
import { API_TOKEN, startTestApi, type TestApi } from './test-api.ts';
import { cliEnv, runCli } from './run-cli.ts';
import { startStreamProxy } from './stream-proxy.ts';

/**
 * The whole loop an operator sees: the CLI asks the API, a real worker cancels at the
 * simulated provider, and `--wait` follows it to the outcome the provider decided.
 */
const CREDENTIALS = {
  COINW_API_KEY: 'cli-coinw-key',
  COINW_SECRET_KEY: 'cli-coinw-secret',
  HYPERTRACK_ACCOUNT_ID: 'cli-account',
  HYPERTRACK_SECRET_KEY: 'cli-hypertrack-secret',
};

let sim: RunningSimulatorProcess;
let coinw: CoinwSimClient;
let hypertrack: HypertrackSimClient;
let api: TestApi;
let worker: Daemon;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({
    SIM_COINW_API_KEY: CREDENTIALS.COINW_API_KEY,
    SIM_COINW_SECRET_KEY: CREDENTIALS.COINW_SECRET_KEY,
    SIM_HYPERTRACK_ACCOUNT_ID: CREDENTIALS.HYPERTRACK_ACCOUNT_ID,
    SIM_HYPERTRACK_SECRET_KEY: CREDENTIALS.HYPERTRACK_SECRET_KEY,
  });
  coinw = coinwSimClient(sim.url);
  hypertrack = hypertrackSimClient(sim.url);
  api = await startTestApi('worker');
  worker = await startDaemon(
    parseEnv({
      REDIS_URL: testRedisUrl(),
      CANCELQ_REDIS_PREFIX: api.prefix,
      CANCELQ_PROVIDERS: 'coinw,hypertrack',
      CANCELQ_WORKER_PORT: '0',
      CANCELQ_BACKOFF: '50ms',
      LOG_LEVEL: 'silent',
      COINW_BASE_URL: coinw.apiBaseUrl,
      HYPERTRACK_BASE_URL: hypertrack.apiBaseUrl,
      ...CREDENTIALS,
    }),
    createLogger('test', 'silent'),
  );
  env = cliEnv(api.url, API_TOKEN);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await sim?.stop();
});

describe('with a worker and the simulated providers', () => {
  it('cancel hypertrack --wait: exit 0 once HyperTrack has cancelled the order', async () => {
    const [order] = await hypertrack.createOrders({ count: 1 });
    const handle = order?.order_handle ?? '';
    const run = await runCli(['cancel', 'hypertrack', handle, '--wait', '--interval', '100ms'], {
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^accepted [0-9a-f-]{36}\n/);
    expect(run.stdout).toContain('targets  1: cancelled 1, not cancellable 0');
    const truth = await hypertrack.getOrder(handle);
    expect(truth?.attempts[0]?.legs.every((leg) => leg.status === 'cancelled')).toBe(true);
  });

  it('cancel hypertrack --wait --json on an unknown order: exit 3 and the final document', async () => {
    const run = await runCli(
      ['cancel', 'hypertrack', 'no-such-order', '--wait', '--interval', '100ms', '--json'],
      { env },
    );
    expect(run.code).toBe(3);
    const body = JSON.parse(run.stdout) as Cancellation;
    expect(body.state).toBe('completed');
    expect(body.targets).toEqual([
      expect.objectContaining({ id: 'no-such-order', outcome: 'not_found' }),
    ]);
  });

  it('ids piped to cancel coinw - --wait: every order cancelled, in calls of at most 20', async () => {
    const ids = (await coinw.createOrders({ count: 45 })).map((order) => order.id);
    const run = await runCli(['cancel', 'coinw', '-', '--wait', '--interval', '100ms'], {
      env,
      stdin: ids.join('\n'),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('targets  45: cancelled 45,');
    const calls = (await coinw.calls()).calls.filter((call) => call.method === 'DELETE');
    expect(calls.flatMap((call) => call.ids).sort()).toEqual([...ids].sort());
    expect(Math.max(...calls.map((call) => call.ids.length))).toBeLessThanOrEqual(20);
  });

  // Last: its CoinW calls would otherwise be in the call log the test above reads.
  it('--wait hears the worker through the event stream: no polling', async () => {
    const ids = (await coinw.createOrders({ count: 25 })).map((order) => order.id);
    const proxy = await startStreamProxy(api.url);
    try {
      const run = await runCli(['cancel', 'coinw', '-', '--wait', '--interval', '1h'], {
        env: cliEnv(proxy.url, API_TOKEN),
        stdin: ids.join('\n'),
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('targets  25: cancelled 25,');
      const id = /accepted ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
      expect(proxy.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /v1/cancellations',
        `GET /v1/cancellations/${id}/events`,
      ]);
    } finally {
      await proxy.close();
    }
  });
});
