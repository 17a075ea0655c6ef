import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { cliEnv, startCli } from './run-cli.ts';
import { startStreamProxy, type StreamProxy } from './stream-proxy.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

/**
 * `cancelq status <id> --watch` over the API's event stream, through a proxy that counts what
 * the CLI asks and cuts connections on cue; and against an API too old to stream (404, 405).
 */
let api: TestApi;
let proxy: StreamProxy;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi('cli-sse');
});
afterAll(async () => api?.close());
beforeEach(async () => {
  proxy = await startStreamProxy(api.url);
  env = cliEnv(proxy.url, API_TOKEN);
});
afterEach(async () => proxy?.close());

const planet = async (...ids: string[]) =>
  (await api.accept({ provider: 'planet', order_ids: ids })).id;
const resolve = (id: string, target: string, outcome: 'cancelled' | 'not_found') =>
  api.deps.store.resolve(id, [{ id: target, outcome, attempts: 1 }]);
/** The progress lines on stderr, without their timestamps and counts. */
const progress = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .map((line) => line.replace(/^\S+ /, '').split(' (')[0]);

describe('cancelq status <id> --watch over the event stream', () => {
  it('prints each change as it happens, from one stream, no polling; exit 0', async () => {
    const id = await planet(uuid(1), uuid(2));
    // An interval this long would show: a poll would come too late for the waits below.
    const cli = startCli(['status', id, '--watch', '--interval', '1h'], { env });
    await waitFor(() => cli.stderr().includes('queued 0/2 resolved'), { what: 'queued line' });
    await resolve(id, uuid(1), 'cancelled');
    await waitFor(() => cli.stderr().includes('in_progress 1/2 resolved'), {
      what: 'in_progress line',
    });
    await resolve(id, uuid(2), 'cancelled');
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(progress(run.stderr)).toEqual([
      'queued 0/2 resolved',
      'in_progress 1/2 resolved',
      'completed 2/2 resolved',
    ]);
    expect(run.stdout).toMatch(/state +completed at/);
    expect(proxy.seen.map((r) => r.path)).toEqual([`/v1/cancellations/${id}/events`]);
  });

  it('a connection cut mid-stream: a note, resumed where it was, exit 3 for targets not cancelled', async () => {
    const id = await planet(uuid(1), uuid(2));
    proxy.script('cut', 'hold');
    const cli = startCli(['status', id, '--watch', '--interval', '1h'], { env });
    await waitFor(() => proxy.seen.length === 2, { what: 'the reconnect, held' });
    await resolve(id, uuid(1), 'cancelled');
    proxy.release();
    await waitFor(() => cli.stderr().includes('in_progress 1/2'), {
      what: 'the change made while away',
    });
    await resolve(id, uuid(2), 'not_found');
    const run = await cli.done;
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the event stream of \S+ broke off \(.+\); trying again \(1\/5\)/);
    expect(proxy.seen.map((r) => r.lastEventId)).toEqual([undefined, '0']);
    expect(run.stdout).toContain(`  not_found        ${uuid(2)}`);
  });

  it('--json: the final document only on stdout, progress on stderr', async () => {
    const id = await planet(uuid(1));
    const cli = startCli(['status', id, '--watch', '--json'], { env });
    await waitFor(() => cli.stderr().includes('queued 0/1'), { what: 'queued line' });
    await resolve(id, uuid(1), 'not_found');
    const run = await cli.done;
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual(await api.get(`/v1/cancellations/${id}`));
    expect(progress(run.stderr)).toEqual(['queued 0/1 resolved', 'completed 1/1 resolved']);
  });
});

describe.each([404, 405] as const)('against an API whose events answer %i', (status) => {
  let old: StreamProxy;
  beforeEach(async () => {
    old = await startStreamProxy(api.url, { notServed: status });
  });
  afterEach(async () => old?.close());

  it('polls every --interval instead, and exits with the outcome', async () => {
    const id = await planet(uuid(1));
    const cli = startCli(['status', id, '--watch', '--interval', '100ms'], {
      env: cliEnv(old.url, API_TOKEN),
    });
    const polls = () => old.seen.filter((r) => r.path === `/v1/cancellations/${id}`).length;
    await waitFor(() => polls() >= 2, { what: 'polls' });
    await resolve(id, uuid(1), 'cancelled');
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(progress(run.stderr)).toEqual(['queued 0/1 resolved', 'completed 1/1 resolved']);
    expect(old.seen[0]?.path).toBe(`/v1/cancellations/${id}/events`);
  });
});
