import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import {
  CancelqClient,
  CancelqNotFoundError,
  CancelqUnexpectedAnswerError,
  CancelqWaitTimeoutError,
  pollingTransport,
  type Cancellation,
  type CancellationTransport,
} from '../src/index.ts';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

let api: TestApi;
let client: CancelqClient;

beforeAll(async () => {
  api = await startTestApi('wait');
  client = new CancelqClient({ baseUrl: api.url, token: API_TOKEN });
});
afterAll(async () => api?.close());

async function planet(...ids: string[]): Promise<string> {
  const { accepted } = await client.create({ provider: 'planet', order_ids: ids });
  return accepted.id;
}

describe('waitUntilCompleted', () => {
  it('resolves with the completed record once every target has an outcome, reporting each step', async () => {
    const id = await planet(uuid(1), uuid(2));
    const seen: Cancellation[] = [];
    const waiting = client.waitUntilCompleted(id, {
      intervalMs: 50,
      onUpdate: (record) => seen.push(record),
    });
    await waitFor(() => seen.length > 0, { what: 'the first record' });
    await api.deps.store.resolve(id, [{ id: uuid(1), outcome: 'cancelled', attempts: 1 }]);
    await waitFor(() => seen.at(-1)?.state === 'in_progress', { what: 'in_progress' });
    await api.deps.store.resolve(id, [
      { id: uuid(2), outcome: 'not_found', attempts: 1, detail: 'unknown order' },
    ]);
    const done = await waiting;
    expect(done.state).toBe('completed');
    expect(done.summary).toMatchObject({ cancelled: 1, not_found: 1, pending: 0 });
    expect(done).toEqual(await api.get(`/v1/cancellations/${id}`));
    expect([...new Set(seen.map((record) => record.state))]).toEqual([
      'queued',
      'in_progress',
      'completed',
    ]);
  });

  it('an unknown id fails at once', async () => {
    const error = await client.waitUntilCompleted(uuid(404)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqNotFoundError);
  });

  it('timeoutMs: CancelqWaitTimeoutError carrying the last record seen', async () => {
    const id = await planet(uuid(3));
    const error = await client
      .waitUntilCompleted(id, { intervalMs: 20, timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqWaitTimeoutError);
    expect(error).toMatchObject({ code: 'wait_timeout', last: { id, state: 'queued' } });
  });

  it("a signal stops the wait with the signal's reason; the cancellation goes on", async () => {
    const id = await planet(uuid(4));
    const stop = new AbortController();
    const waiting = client
      .waitUntilCompleted(id, { intervalMs: 20, signal: stop.signal })
      .catch((e: unknown) => e);
    stop.abort(new Error('enough'));
    expect(await waiting).toEqual(new Error('enough'));
    expect(await api.get(`/v1/cancellations/${id}`)).toMatchObject({ state: 'queued' });
  });

  // Polling's own riding out of failures; the event stream's is in sse.test.ts.
  describe('polling, through an API that blinks', () => {
    let proxy: FlakyProxy;
    beforeAll(async () => {
      proxy = await startFlakyProxy(api.url);
    });
    afterAll(async () => proxy?.close());

    it('rides out failures in a row up to maxConsecutiveFailures, then completes', async () => {
      const id = await planet(uuid(5));
      const blinking = new CancelqClient({
        baseUrl: proxy.url,
        token: API_TOKEN,
        retries: 0,
        transport: pollingTransport,
      });
      const failures: number[] = [];
      proxy.script('forward', 'unavailable', 'reset', 'unavailable');
      const waiting = blinking.waitUntilCompleted(id, {
        intervalMs: 20,
        maxConsecutiveFailures: 3,
        onTransientFailure: (_error, inARow) => failures.push(inARow),
      });
      await waitFor(() => failures.length === 3, { what: 'three missed polls' });
      await api.deps.store.resolve(id, [{ id: uuid(5), outcome: 'cancelled', attempts: 1 }]);
      expect((await waiting).state).toBe('completed');
      expect(failures).toEqual([1, 2, 3]);
    });

    it('one failure more than that ends the wait with it', async () => {
      const id = await planet(uuid(6));
      const blinking = new CancelqClient({
        baseUrl: proxy.url,
        token: API_TOKEN,
        retries: 0,
        transport: pollingTransport,
      });
      proxy.script('forward', 'unavailable', 'unavailable');
      const error = await blinking
        .waitUntilCompleted(id, { intervalMs: 20, maxConsecutiveFailures: 1 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    });
  });

  describe('another transport plugged in', () => {
    /** Reads the record with the context's authorized fetch, as a streaming transport would. */
    const fetching: CancellationTransport = async function* (id, context) {
      for (;;) {
        const res = await context.fetch(`/v1/cancellations/${id}`, {
          signal: context.signal,
          headers: { accept: 'application/json' },
        });
        yield context.read(await res.json());
        await new Promise((resolve) => setTimeout(resolve, context.intervalMs));
      }
    };

    it('follows the cancellation through it: authorized, and each record checked', async () => {
      const id = await planet(uuid(7));
      const used: string[] = [];
      const plugged = new CancelqClient({
        baseUrl: api.url,
        token: API_TOKEN,
        transport: (cancellationId, context) => {
          used.push(cancellationId);
          return fetching(cancellationId, context);
        },
      });
      const waiting = plugged.waitUntilCompleted(id, { intervalMs: 20 });
      await api.deps.store.resolve(id, [{ id: uuid(7), outcome: 'cancelled', attempts: 1 }]);
      expect(await waiting).toEqual(await api.get(`/v1/cancellations/${id}`));
      expect(used).toEqual([id]);
    });

    it('a record that is not one is refused', async () => {
      const garbage: CancellationTransport = async function* (_id, context) {
        await Promise.resolve();
        yield context.read({ id: 'x', state: 'done' });
      };
      const plugged = new CancelqClient({ baseUrl: api.url, token: API_TOKEN, transport: garbage });
      const error = await plugged.waitUntilCompleted(uuid(8)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancelqUnexpectedAnswerError);
    });
  });
});
