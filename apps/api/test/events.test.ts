import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { API_TOKEN, startApi, type TestApi } from './harness.ts';

/** One Server-Sent Event as the stream carried it. */
interface StreamEvent {
  id: string;
  event: string;
  data: Cancellation;
}

/**
 * Reads a cancellation's event stream: `next()` is the next event, `ended` settles when the
 * server ends the stream (with the events it sent after the last `next()`).
 */
async function openStream(api: TestApi, id: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await api.fetch(`/v1/cancellations/${id}/events`, {
    headers: { authorization: `Bearer ${API_TOKEN}`, ...headers },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const waiting: ((event: StreamEvent) => void)[] = [];
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        ) as Record<string, string>;
        if (fields.data === undefined) continue;
        const event = {
          id: fields.id ?? '',
          event: fields.event ?? '',
          data: JSON.parse(fields.data) as Cancellation,
        };
        const waiter = waiting.shift();
        if (waiter) waiter(event);
        else events.push(event);
      }
    }
  })().catch(() => undefined);
  return {
    res,
    next: () =>
      new Promise<StreamEvent>((resolve) => {
        const event = events.shift();
        if (event) resolve(event);
        else waiting.push(resolve);
      }),
    /** Resolves with the events not yet taken once the server has ended the stream. */
    ended: ended.then(() => events.splice(0)),
    close: () => controller.abort(),
  };
}

let api: TestApi;
let other: TestApi;
beforeAll(async () => {
  api = await startApi({ label: 'events' });
  // A second replica on the same Redis: a stream there sees changes written anywhere.
  other = await startApi({ label: 'events-2', env: { CANCELQ_REDIS_PREFIX: api.prefix } });
});
afterAll(async () => {
  await other?.close();
  await api?.close();
});

async function accept(ids: string[]): Promise<string> {
  const res = await api.post('/v1/cancellations', { provider: 'coinw', source_ids: ids });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

describe('GET /v1/cancellations/{id}/events', () => {
  it('sends the record at once, then at every change, and ends after the completed one', async () => {
    const id = await accept(['1', '2']);
    const stream = await openStream(other, id);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const first = await stream.next();
    expect(first).toMatchObject({ id: '0', event: 'state' });
    expect(first.data).toMatchObject({ id, state: 'queued', summary: { pending: 2 } });

    await api.deps.store.resolve(id, [{ id: '1', outcome: 'cancelled', attempts: 1 }]);
    const second = await stream.next();
    expect(second.id).toBe('1');
    expect(second.data).toMatchObject({ state: 'in_progress', summary: { cancelled: 1 } });

    await api.deps.store.resolve(id, [{ id: '2', outcome: 'not_found', attempts: 1 }]);
    const last = await stream.next();
    expect(last.id).toBe('2');
    expect(last.data).toMatchObject({ state: 'completed', summary: { not_found: 1, pending: 0 } });
    // The same body GET answers.
    expect(last.data).toEqual(await (await api.get(`/v1/cancellations/${id}`)).json());
    expect(await stream.ended).toEqual([]);
  });

  it('resumes after Last-Event-ID: what the client has is not sent again', async () => {
    const id = await accept(['3', '4']);
    await api.deps.store.resolve(id, [{ id: '3', outcome: 'cancelled', attempts: 1 }]);
    const resumed = await openStream(api, id, { 'last-event-id': '1' });
    await api.deps.store.resolve(id, [{ id: '4', outcome: 'cancelled', attempts: 1 }]);
    const next = await resumed.next();
    expect(next.id).toBe('2');
    expect(next.data.state).toBe('completed');
    expect(await resumed.ended).toEqual([]);

    // Resumed after a version older than the record's: the record as it is now, then the end.
    const behind = await openStream(api, id, { 'last-event-id': '0' });
    expect((await behind.next()).id).toBe('2');
    expect(await behind.ended).toEqual([]);
  });

  it('of a completed cancellation: the record, and the end', async () => {
    const id = await accept(['5']);
    await api.deps.store.resolve(id, [{ id: '5', outcome: 'cancelled', attempts: 1 }]);
    const stream = await openStream(api, id);
    expect((await stream.next()).data.state).toBe('completed');
    expect(await stream.ended).toEqual([]);
  });

  it('answers 404 for an unknown or malformed id, and 401 without the token', async () => {
    const unknown = await openStream(api, '6031093e-90b7-4a94-9eb6-f3e5ca976a78');
    expect(unknown.res.status).toBe(404);
    expect((await openStream(api, '..')).res.status).toBe(404);
    const res = await api.fetch(`/v1/cancellations/${await accept(['6'])}/events`);
    expect(res.status).toBe(401);
  });

  it('lets go of a client that leaves before the end', async () => {
    const id = await accept(['7']);
    const stream = await openStream(api, id);
    await stream.next();
    expect(api.deps.events.following(id)).toBe(1);
    stream.close();
    await waitFor(() => api.deps.events.following(id) === 0, { what: 'the stream to be let go' });
  });
});
