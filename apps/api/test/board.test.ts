/** What an operator may do on Bull Board: read-only, and writable (CANCELQ_BOARD_READ_ONLY off). */
import { beforeEach, describe, expect, it } from 'vitest';
import { boardSnapshot, SEEDED, seededStates, seedJobs } from './board-jobs.ts';
import { board, mutate, type BoardQueues } from './board-fixture.ts';
import { mutatingBoardRoutes } from './board-routes.ts';
import type { TestApi } from './harness.ts';
import { useApi } from './use-api.ts';

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

describe('Bull Board read-only', () => {
  const api = useApi({ label: 'board-ro', readOnlyBoard: true });

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
  const api = useApi({ label: 'board-rw' });
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
