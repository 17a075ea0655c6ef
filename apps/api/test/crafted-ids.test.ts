import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoNewWork, issuePaths, startApi, type Accepted, type TestApi } from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'crafted-ids' });
});
afterAll(async () => api?.close());

describe('ids a client crafts', () => {
  it('a target literally named `id` cannot turn a record’s targets into a record: 404, not 500', async () => {
    const res = await api.post('/v1/cancellations', { provider: 'hypertrack', order_handle: 'id' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Accepted;
    // The targets hash of this cancellation has a field `id`: read as a record, it threw.
    for (const path of [`${id}:targets`, `${id}:targets:x`, `${id}%3Atargets`]) {
      const answer = await api.get(`/v1/cancellations/${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toMatchObject({ error: 'not_found' });
    }
    expect((await api.get(`/v1/cancellations/${id}`)).status).toBe(200);
  });

  it.each(['not-a-uuid', '..', 'ABCDEF', '00000000-0000-0000-0000-00000000000g'])(
    'GET /v1/cancellations/%s is a 404',
    async (id) => {
      expect((await api.get(`/v1/cancellations/${encodeURIComponent(id)}`)).status).toBe(404);
    },
  );

  it.each(['.', '..'])(
    'a HyperTrack handle %j is refused with 400, and nothing is enqueued',
    async (handle) => {
      const paths = await expectNoNewWork(api, async () =>
        issuePaths(
          await api.post('/v1/cancellations', { provider: 'hypertrack', order_handle: handle }),
        ),
      );
      expect(paths).toEqual(['order_handle']);
    },
  );
});
