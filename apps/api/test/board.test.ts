import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER, startApi, type TestApi } from './harness.ts';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const RIGHT = basic(`${BOARD_USER}:${BOARD_PASSWORD}`);

interface BoardQueues {
  queues: { name: string; readOnlyMode: boolean; allowRetries: boolean }[];
}

async function board(api: TestApi, path = '', init: RequestInit = {}, authorization = RIGHT) {
  return api.fetch(`/admin/queues${path}`, {
    ...init,
    headers: { authorization, ...(init.headers as Record<string, string>) },
  });
}

describe('Bull Board login', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ label: 'board' });
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['no credentials', undefined],
    ['a wrong password', basic(`${BOARD_USER}:wrong`)],
    ['a wrong user', basic(`someone:${BOARD_PASSWORD}`)],
    ['user and password swapped', basic(`${BOARD_PASSWORD}:${BOARD_USER}`)],
    ['the password with a suffix', basic(`${BOARD_USER}:${BOARD_PASSWORD}x`)],
    ['no colon', basic(`${BOARD_USER}${BOARD_PASSWORD}`)],
    ['empty credentials', basic(':')],
    ['not base64', 'Basic %%%'],
    ['the API bearer token', `Bearer ${API_TOKEN}`],
  ])('%s → 401 with a Basic challenge', async (_name, authorization) => {
    for (const path of ['', '/', '/api/queues']) {
      const res = await api.fetch(`/admin/queues${path}`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
  });

  it('the right credentials open the board (HTML)', async () => {
    const res = await board(api);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>cancelq</title>');
    expect(html).not.toContain(BOARD_PASSWORD);
  });

  it('shows one queue per provider, writable when not read-only', async () => {
    const res = await board(api, '/api/queues');
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as BoardQueues;
    expect(queues.map((q) => q.name).sort()).toEqual([
      'coinw',
      'hypertrack',
      'planet',
      'planomatic',
    ]);
    expect(queues.every((q) => !q.readOnlyMode)).toBe(true);

    const pause = await board(api, '/api/queues/planet/pause', { method: 'PUT' });
    expect(pause.status).toBe(200);
    expect(await api.deps.queues.planet.isPaused()).toBe(true);
    expect((await board(api, '/api/queues/planet/resume', { method: 'PUT' })).status).toBe(200);
    expect(await api.deps.queues.planet.isPaused()).toBe(false);
  });
});

describe('Bull Board read-only', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ label: 'board-ro', readOnlyBoard: true });
  });
  afterAll(async () => {
    await api.close();
  });

  it('reports readOnlyMode for every queue and offers no retries', async () => {
    const res = await board(api, '/api/queues');
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as BoardQueues;
    expect(queues).toHaveLength(4);
    for (const queue of queues) {
      expect(queue).toMatchObject({ readOnlyMode: true, allowRetries: false });
    }
  });

  it('refuses to change a queue', async () => {
    const pause = await board(api, '/api/queues/planet/pause', { method: 'PUT' });
    expect(pause.status).toBe(405);
    expect(await api.deps.queues.planet.isPaused()).toBe(false);

    const add = await board(api, '/api/queues/planet/add', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', data: {} }),
    });
    expect(add.status).toBe(405);
    expect(await api.deps.queues.planet.count()).toBe(0);
  });
});
