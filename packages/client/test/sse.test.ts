import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import {
  CancelqAuthError,
  CancelqClient,
  CancelqError,
  CancelqNotFoundError,
  createSseTransport,
  type Cancellation,
} from '../src/index.ts';
import { startStreamProxy, type StreamProxy } from './stream-proxy.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

/**
 * waitUntilCompleted and watch over the API's real event stream (GET …/events), through a
 * proxy that streams, counts what the client asks, and cuts or stalls connections on cue.
 */
let api: TestApi;
let proxy: StreamProxy;
let client: CancelqClient;

beforeAll(async () => {
  api = await startTestApi('sse');
});
afterAll(async () => api?.close());
beforeEach(async () => {
  proxy = await startStreamProxy(api.url);
  client = new CancelqClient({ baseUrl: proxy.url, token: API_TOKEN, retryBaseMs: 10 });
});
afterEach(async () => proxy?.close());

async function planet(...ids: string[]): Promise<string> {
  return (await api.accept({ provider: 'planet', order_ids: ids })).id;
}
const cancel = (id: string, target: string) =>
  api.deps.store.resolve(id, [{ id: target, outcome: 'cancelled', attempts: 1 }]);
const version = async (id: string) => (await api.deps.store.getVersioned(id))?.version;
/** What the client asked of the proxy about `id`: `/events`, or the record itself (a poll). */
const asked = (id: string) =>
  proxy.seen
    .filter((r) => r.path.startsWith(`/v1/cancellations/${id}`))
    .map((r) => r.path.slice(`/v1/cancellations/${id}`.length) || 'GET record');

describe('waitUntilCompleted over Server-Sent Events', () => {
  it('hears each change on one stream and returns the completed record, without polling', async () => {
    const id = await planet(uuid(1), uuid(2));
    const seen: Cancellation[] = [];
    const waiting = client.waitUntilCompleted(id, { onUpdate: (record) => seen.push(record) });
    await waitFor(() => seen.length === 1, { what: 'the first record' });
    await cancel(id, uuid(1));
    await waitFor(() => seen.length === 2, { what: 'the in_progress record' });
    await cancel(id, uuid(2));
    const done = await waiting;
    expect(done).toEqual(await api.get(`/v1/cancellations/${id}`));
    expect(seen.map((r) => [r.state, r.summary.pending])).toEqual([
      ['queued', 2],
      ['in_progress', 1],
      ['completed', 0],
    ]);
    expect(asked(id)).toEqual(['/events']);
    expect(proxy.seen[0]).toMatchObject({
      authorization: `Bearer ${API_TOKEN}`,
      lastEventId: undefined,
    });
  });

  it('a connection cut mid-event is resumed with Last-Event-ID: nothing lost, nothing made up', async () => {
    const id = await planet(uuid(1), uuid(2));
    const first = await version(id);
    proxy.script('cut', 'hold');
    const seen: Cancellation[] = [];
    const failures: CancelqError[] = [];
    const waiting = client.waitUntilCompleted(id, {
      onUpdate: (record) => seen.push(record),
      onTransientFailure: (error) => failures.push(error),
    });
    await waitFor(() => asked(id).length === 2, { what: 'the reconnect, held' });
    // A change while the client is away: the resumed stream must bring it.
    await cancel(id, uuid(1));
    proxy.release();
    await waitFor(() => seen.length === 2, { what: 'the change made while away' });
    await cancel(id, uuid(2));
    expect((await waiting).state).toBe('completed');
    expect(seen.map((r) => r.state)).toEqual(['queued', 'in_progress', 'completed']);
    // Resumed after the last whole event, not the half one the cut left.
    expect(proxy.seen.map((r) => r.lastEventId)).toEqual([undefined, String(first)]);
    expect(failures.map((e) => [e.code, e.retryable])).toEqual([['network', true]]);
    expect(asked(id)).toEqual(['/events', '/events']);
  });

  it('a stream gone silent (a half-open connection) is opened again after idleTimeoutMs', async () => {
    const id = await planet(uuid(1));
    proxy.script('stall');
    const quick = new CancelqClient({
      baseUrl: proxy.url,
      token: API_TOKEN,
      retryBaseMs: 10,
      transport: createSseTransport({ idleTimeoutMs: 300 }),
    });
    const failures: CancelqError[] = [];
    const seen: Cancellation[] = [];
    const waiting = quick.waitUntilCompleted(id, {
      onUpdate: (record) => seen.push(record),
      onTransientFailure: (error) => failures.push(error),
    });
    await waitFor(() => seen.length === 1, { what: 'the first record' });
    // Sent by the API into the stalled connection, where it goes nowhere.
    await cancel(id, uuid(1));
    expect((await waiting).state).toBe('completed');
    expect(failures.map((e) => e.code)).toEqual(['timeout']);
    expect(proxy.seen.map((r) => r.lastEventId)).toEqual([undefined, '0']);
  });

  it('a wrong token fails at once, unretried', async () => {
    const wrong = new CancelqClient({ baseUrl: proxy.url, token: 'wrong-token' });
    const error = await wrong.waitUntilCompleted(await planet(uuid(1))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqAuthError);
    expect(proxy.seen).toHaveLength(1);
  });

  it("a signal stops it with the signal's reason, and the stream is closed", async () => {
    const id = await planet(uuid(1));
    const stop = new AbortController();
    let first = false;
    const waiting = client
      .waitUntilCompleted(id, { signal: stop.signal, onUpdate: () => (first = true) })
      .catch((e: unknown) => e);
    await waitFor(() => first, { what: 'the first record' });
    expect(api.deps.events.following(id)).toBe(1);
    stop.abort(new Error('enough'));
    expect(await waiting).toEqual(new Error('enough'));
    await waitFor(() => api.deps.events.following(id) === 0, { what: 'the stream closed' });
  });
});

describe('watch', () => {
  it('yields each change, the completed record last, then ends', async () => {
    const id = await planet(uuid(1), uuid(2));
    const states: string[] = [];
    for await (const record of client.watch(id)) {
      states.push(`${record.state} ${record.summary.pending}`);
      if (states.length === 1) await cancel(id, uuid(1));
      if (states.length === 2) await cancel(id, uuid(2));
    }
    expect(states).toEqual(['queued 2', 'in_progress 1', 'completed 0']);
    expect(asked(id)).toEqual(['/events']);
  });

  it('leaving the loop early closes the stream', async () => {
    const id = await planet(uuid(1));
    for await (const record of client.watch(id)) {
      expect(record.state).toBe('queued');
      break;
    }
    await waitFor(() => api.deps.events.following(id) === 0, { what: 'the stream closed' });
  });
});

describe.each([404, 405] as const)('against an API that answers its events %i', (status) => {
  let old: StreamProxy;
  beforeEach(async () => {
    old = await startStreamProxy(api.url, { notServed: status });
  });
  afterEach(async () => old?.close());

  it('falls back to polling, and completes', async () => {
    const id = await planet(uuid(1));
    const polling = new CancelqClient({ baseUrl: old.url, token: API_TOKEN });
    const polls = () => old.seen.filter((r) => r.path === `/v1/cancellations/${id}`).length;
    const waiting = polling.waitUntilCompleted(id, { intervalMs: 20 });
    await waitFor(() => polls() >= 2, { what: 'polls' });
    await cancel(id, uuid(1));
    expect((await waiting).state).toBe('completed');
    expect(old.seen[0]?.path).toBe(`/v1/cancellations/${id}/events`);
    expect(old.seen.slice(1).every((r) => r.path === `/v1/cancellations/${id}`)).toBe(true);
  });

  it('an unknown id is still a CancelqNotFoundError, from the poll', async () => {
    const polling = new CancelqClient({ baseUrl: old.url, token: API_TOKEN });
    const error = await polling.waitUntilCompleted(uuid(404)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqNotFoundError);
    expect(old.seen.map((r) => r.path)).toEqual([
      `/v1/cancellations/${uuid(404)}/events`,
      `/v1/cancellations/${uuid(404)}`,
    ]);
  });
});
