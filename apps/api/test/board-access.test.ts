/** Who gets into Bull Board (its login), and the switch that makes it read-only. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@cancelq/config';
import { createQueues } from '@cancelq/queue';
import { connectTestRedis, deleteKeys, startNodeProcess, uniquePrefix } from '@cancelq/test-utils';
import { basic, board, RIGHT, type BoardQueues } from './board-fixture.ts';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER } from './harness.ts';
import { startApiProcess } from './system.ts';
import { useApi } from './use-api.ts';

describe('Bull Board login', () => {
  // A battery of refused logins: throttling them has its own test (failed-auth.test.ts).
  const api = useApi({ label: 'board', env: { CANCELQ_AUTH_FAILURES: '100000' } });

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

describe('CANCELQ_BOARD_READ_ONLY', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    // Unset: read-only, unless an operator asks for write access.
    ['', true],
  ])('%j → read-only %s', (value, readOnly) => {
    expect(parseEnv({ CANCELQ_BOARD_READ_ONLY: value }).CANCELQ_BOARD_READ_ONLY).toBe(readOnly);
  });

  it('an invalid value stops the API, naming the variable', async () => {
    const api = startNodeProcess('apps/api/src/main.ts', {
      CANCELQ_API_TOKEN: API_TOKEN,
      CANCELQ_BOARD_USER: BOARD_USER,
      CANCELQ_BOARD_PASSWORD: BOARD_PASSWORD,
      CANCELQ_BOARD_READ_ONLY: 'maybe',
    });
    expect(await api.exited).toBe(2);
    expect(api.output()).toContain('CANCELQ_BOARD_READ_ONLY');
  });

  it('the API process started with CANCELQ_BOARD_READ_ONLY=true serves a read-only board', async () => {
    const prefix = uniquePrefix('board-env');
    const { url, process: apiProcess } = await startApiProcess({
      CANCELQ_REDIS_PREFIX: prefix,
      CANCELQ_BOARD_READ_ONLY: 'true',
    });
    const redis = connectTestRedis();
    const planet = createQueues(redis, prefix).planet;
    try {
      const res = await fetch(`${url}/admin/queues/api/queues`, {
        headers: { authorization: RIGHT },
      });
      const { queues } = (await res.json()) as BoardQueues;
      expect(queues).toHaveLength(4);
      for (const queue of queues) {
        expect(queue).toMatchObject({ readOnlyMode: true, allowRetries: false });
      }
      const pause = await fetch(`${url}/admin/queues/api/queues/planet/pause`, {
        method: 'PUT',
        headers: { authorization: RIGHT },
      });
      expect(pause.status).toBe(405);
      expect(await planet.isPaused()).toBe(false);
    } finally {
      await apiProcess.kill('SIGTERM');
      await planet.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });
});
