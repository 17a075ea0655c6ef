import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';
import { cliEnv, runCli } from './run-cli.ts';

let api: TestApi;
let env: Record<string, string>;
const ids = { planetDone: '', planetQueued: '', coinw: '', hypertrack: '' };

/** Accepts in order, each in a later millisecond, so newest-first is well defined. */
async function acceptInOrder(body: unknown): Promise<string> {
  const { id } = await api.accept(body);
  const answeredAt = Date.now();
  await waitFor(() => Date.now() > answeredAt, { intervalMs: 1 });
  return id;
}

beforeAll(async () => {
  api = await startTestApi('list');
  env = cliEnv(api.url, API_TOKEN);
  ids.planetDone = await acceptInOrder({ provider: 'planet', order_ids: [uuid(1), uuid(2)] });
  ids.planetQueued = await acceptInOrder({ provider: 'planet', order_ids: [uuid(3)] });
  ids.coinw = await acceptInOrder({ provider: 'coinw', source_ids: ['11', '12', '13'] });
  ids.hypertrack = await acceptInOrder({ provider: 'hypertrack', order_handle: 'h-1' });
  await api.deps.store.resolve(ids.planetDone, [
    { id: uuid(1), outcome: 'cancelled', attempts: 1 },
    { id: uuid(2), outcome: 'not_found', attempts: 1 },
  ]);
  await api.deps.store.resolve(ids.coinw, [{ id: '11', outcome: 'cancelled', attempts: 1 }]);
});
afterAll(async () => api?.close());

/** The ids of the table's rows, top to bottom. */
function rowIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .slice(1)
    .filter((line) => /^[0-9a-f-]{36} /.test(line))
    .map((line) => line.slice(0, 36));
}

describe('cancelq list', () => {
  it('a table, newest first, with counts per cancellation', async () => {
    const run = await runCli(['list'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const [header, ...rows] = run.stdout.trim().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual([
      'ID',
      'PROVIDER',
      'ACCOUNT',
      'STATE',
      'CREATED',
      'TOTAL',
      'CANCELLED',
      'NOT CANCELLED',
      'PENDING',
    ]);
    expect(rowIds(run.stdout)).toEqual([
      ids.hypertrack,
      ids.coinw,
      ids.planetQueued,
      ids.planetDone,
    ]);
    const done = rows.find((row) => row.startsWith(ids.planetDone));
    expect(done?.split(/\s+/)).toEqual([
      ids.planetDone,
      'planet',
      'default',
      'completed',
      expect.stringMatching(/^\d{4}-/),
      '2',
      '1',
      '1',
      '0',
    ]);
  });

  it('--provider and --state filter', async () => {
    expect(rowIds((await runCli(['list', '--provider', 'planet'], { env })).stdout)).toEqual([
      ids.planetQueued,
      ids.planetDone,
    ]);
    expect(rowIds((await runCli(['list', '--state', 'in_progress'], { env })).stdout)).toEqual([
      ids.coinw,
    ]);
    const both = await runCli(['list', '--provider', 'planet', '--state', 'queued'], { env });
    expect(rowIds(both.stdout)).toEqual([ids.planetQueued]);
    const none = await runCli(['list', '--provider', 'planomatic'], { env });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no cancellations\n');
  });

  it('--limit pages, and the printed command fetches the next page', async () => {
    const first = await runCli(['list', '--limit', '3', '--provider', 'planet'], { env });
    expect(rowIds(first.stdout)).toHaveLength(2);

    const page = await runCli(['list', '--limit', '2'], { env });
    expect(rowIds(page.stdout)).toEqual([ids.hypertrack, ids.coinw]);
    const more = /^more: cancelq (list .*)$/m.exec(page.stdout)?.[1];
    expect(more).toMatch(/^list --limit 2 --cursor \S+$/);
    const next = await runCli((more ?? '').split(' '), { env });
    expect(rowIds(next.stdout)).toEqual([ids.planetQueued, ids.planetDone]);
  });

  it('--json prints the API answer as it is', async () => {
    const run = await runCli(['list', '--provider', 'coinw', '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(await api.get('/v1/cancellations?provider=coinw'));
    expect(JSON.parse(run.stdout)).toMatchObject({
      cancellations: [{ id: ids.coinw, state: 'in_progress' }],
      next_cursor: null,
    });
    // List entries count the ids of their request instead of listing them.
    expect(JSON.parse(run.stdout)).toMatchObject({
      cancellations: [{ request: { provider: 'coinw', source_ids_count: 3 } }],
    });
  });

  it('lists a cancellation of 10,000 ids by their count, the table as before', async () => {
    const big = await acceptInOrder({
      provider: 'coinw',
      source_ids: Array.from({ length: 10_000 }, (_, i) => String(70_000_000 + i)),
    });
    try {
      const run = await runCli(['list', '--provider', 'coinw', '--json'], { env });
      expect(run.code).toBe(0);
      const page = JSON.parse(run.stdout) as { cancellations: { id: string; request: object }[] };
      expect(page.cancellations.find((c) => c.id === big)?.request).toEqual({
        provider: 'coinw',
        source_ids_count: 10_000,
      });
      expect(run.stdout.length).toBeLessThan(10_000);
      const table = await runCli(['list', '--provider', 'coinw'], { env });
      expect(rowIds(table.stdout)).toEqual([big, ids.coinw]);
      expect(table.stdout).toContain('10000');
    } finally {
      // Out of CoinW's index again, so the other tests see the cancellations they made.
      const index = `${api.prefix}:cancellations:coinw`;
      const members = await api.redis.zrange(index, 0, -1);
      expect(await api.redis.zrem(index, ...members.filter((m) => m.endsWith(`:${big}`)))).toBe(1);
    }
  });

  it.each([
    ['--limit 0', ['--limit', '0']],
    ['--limit 501', ['--limit', '501']],
    ['--state done', ['--state', 'done']],
    ['--provider acme', ['--provider', 'acme']],
  ])('%s → exit 2 before any request', async (_name, args) => {
    const run = await runCli(['list', ...args], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});
