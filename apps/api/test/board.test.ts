import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '@cancelq/config';
import { createQueues } from '@cancelq/queue';
import { connectTestRedis, deleteKeys, startNodeProcess, uniquePrefix } from '@cancelq/test-utils';
import { boardSnapshot, SEEDED, seededStates, seedJobs } from './board-jobs.ts';
import { mutatingBoardRoutes } from './board-routes.ts';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER, startApi, type TestApi } from './harness.ts';
import { startApiProcess } from './system.ts';

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

interface Mutation {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** Whether the action took effect on the seeded jobs. */
  happened(api: TestApi): Promise<boolean>;
  /** A read-only board's answer: 405, except where Bull Board skips read-only queues. */
  readOnlyStatus?: number;
  /**
   * Whether a writable board lets it happen: only what keeps the outcome records true (the job
   * runs and settles its targets, or had already finished); the rest is refused there too.
   */
  writable: boolean;
}

const stateOf = (api: TestApi, id: string) => api.deps.queues.planet.getJobState(id);

/** The actions an operator takes on the board (see board-jobs.ts for the seeded jobs). */
const MUTATIONS: Mutation[] = [
  {
    name: 'retry a failed job',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/failed-1/retry',
    happened: async (api) => (await stateOf(api, 'failed-1')) !== 'failed',
  },
  {
    name: 'retry every failed job',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/retry/failed',
    happened: async (api) => (await stateOf(api, 'failed-2')) !== 'failed',
  },
  {
    name: 'clean old delayed jobs',
    writable: false,
    method: 'PUT',
    path: '/api/queues/planet/clean/delayed',
    happened: async (api) => (await stateOf(api, 'stale-1')) === 'unknown',
  },
  {
    name: 'remove a waiting job',
    writable: false,
    method: 'PUT',
    path: '/api/queues/planet/waiting-1/clean',
    happened: async (api) => (await stateOf(api, 'waiting-1')) === 'unknown',
  },
  {
    name: 'promote a delayed job',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/delayed-1/promote',
    happened: async (api) => (await stateOf(api, 'delayed-1')) !== 'delayed',
  },
  {
    name: 'promote every delayed job',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/promote',
    happened: async (api) => (await stateOf(api, 'delayed-2')) !== 'delayed',
  },
  {
    name: 'pause the queue',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/pause',
    happened: (api) => api.deps.queues.planet.isPaused(),
  },
  {
    name: 'pause every queue',
    writable: true,
    method: 'PUT',
    path: '/api/queues/pause',
    happened: async (api) =>
      (await Promise.all(Object.values(api.deps.queues).map((q) => q.isPaused()))).some(Boolean),
    readOnlyStatus: 200,
  },
  {
    name: 'add a job',
    writable: false,
    method: 'POST',
    path: '/api/queues/planet/add',
    body: { name: 'added', data: { added: true } },
    happened: async (api) =>
      (await api.deps.queues.planet.getJobs(['waiting'])).some((job) => job.name === 'added'),
  },
  {
    name: 'remove a finished job',
    writable: true,
    method: 'PUT',
    path: '/api/queues/planet/failed-1/clean',
    happened: async (api) => (await stateOf(api, 'failed-1')) === 'unknown',
  },
  {
    name: "edit a waiting job's data",
    writable: false,
    method: 'PATCH',
    path: '/api/queues/planet/waiting-1/update-data',
    body: { jobData: { edited: true } },
    happened: async (api) =>
      JSON.stringify((await api.deps.queues.planet.getJob('waiting-1'))?.data).includes('edited'),
  },
  {
    name: 'obliterate the queue',
    writable: false,
    method: 'PUT',
    path: '/api/queues/planet/obliterate',
    body: { force: true },
    happened: async (api) => (await stateOf(api, 'waiting-2')) === 'unknown',
  },
  {
    name: 'empty the queue',
    writable: false,
    method: 'PUT',
    path: '/api/queues/planet/empty',
    happened: async (api) => (await stateOf(api, 'waiting-2')) === 'unknown',
  },
];

async function mutate(
  api: TestApi,
  action: { method: string; path: string; body?: unknown },
): Promise<Response> {
  return board(api, action.path, {
    method: action.method,
    ...(action.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(action.body) }),
  });
}

describe('Bull Board login', () => {
  let api: TestApi;
  beforeAll(async () => {
    // A battery of refused logins: throttling them has its own test (failed-auth.test.ts).
    api = await startApi({ label: 'board', env: { CANCELQ_AUTH_FAILURES: '100000' } });
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

  beforeEach(async () => {
    await seedJobs(api.deps.queues.planet, api.prefix);
  });

  it.each(MUTATIONS)('refuses to $name, and nothing changes', async (mutation) => {
    const before = await boardSnapshot(Object.values(api.deps.queues), api.deps.queues.planet);
    const res = await mutate(api, mutation);
    expect(res.status).toBe(mutation.readOnlyStatus ?? 405);
    expect(await mutation.happened(api)).toBe(false);
    expect(await boardSnapshot(Object.values(api.deps.queues), api.deps.queues.planet)).toEqual(
      before,
    );
  });

  // Read from Bull Board's own route table: a route an upgrade adds is covered too.
  it('refuses every route that changes something, for a job in any state', async () => {
    const queues = Object.values(api.deps.queues);
    const before = await boardSnapshot(queues, api.deps.queues.planet);
    const jobIds = [...SEEDED.failed, ...SEEDED.completed, ...SEEDED.waiting, ...SEEDED.delayed];
    for (const jobId of jobIds) {
      const routes = mutatingBoardRoutes({
        queueName: 'planet',
        jobId,
        queueStatus: 'failed',
        schedulerId: 'scheduler-1',
      });
      expect(routes.length).toBeGreaterThan(20);
      for (const route of routes) {
        const res = await mutate(api, route);
        // Board-wide pause and resume skip read-only queues, so they answer 200 having done nothing.
        const expected = route.template.startsWith('/api/queues/:queueName') ? 405 : 200;
        expect(res.status, `${route.method} ${route.path}`).toBe(expected);
      }
    }
    expect(await boardSnapshot(queues, api.deps.queues.planet)).toEqual(before);
  });
});

describe('Bull Board writable (CANCELQ_BOARD_READ_ONLY off)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ label: 'board-rw' });
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    await Promise.all(Object.values(api.deps.queues).map((queue) => queue.resume()));
    await seedJobs(api.deps.queues.planet, api.prefix);
  });

  it('seeds what the actions act on', async () => {
    expect(await seededStates(api.deps.queues.planet)).toEqual({
      'failed-1': 'failed',
      'failed-2': 'failed',
      'completed-1': 'completed',
      'waiting-1': 'waiting',
      'waiting-2': 'waiting',
      'delayed-1': 'delayed',
      'delayed-2': 'delayed',
      'stale-1': 'delayed',
    });
  });

  it.each(MUTATIONS.filter((m) => m.writable))('lets an operator $name', async (mutation) => {
    expect(await mutation.happened(api)).toBe(false);
    const res = await mutate(api, mutation);
    expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(await mutation.happened(api)).toBe(true);
  });

  // They would leave targets `pending` for ever (a removed job's), or run work nobody validated
  // or recorded (an added or edited job): refused, saying why, and nothing changes.
  it.each(MUTATIONS.filter((m) => !m.writable))(
    'refuses to $name even so, saying why',
    async (mutation) => {
      const queues = Object.values(api.deps.queues);
      const before = await boardSnapshot(queues, api.deps.queues.planet);
      const res = await mutate(api, mutation);
      expect(res.status).toBe(405);
      expect(((await res.json()) as { error: string }).error).toMatch(
        /would change what is queued behind the outcome records/,
      );
      expect(await mutation.happened(api)).toBe(false);
      expect(await boardSnapshot(queues, api.deps.queues.planet)).toEqual(before);
    },
  );
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
