import { afterAll, afterEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { outcomeKeys } from '@cancelq/queue';
import {
  connectTestRedis,
  deleteKeys,
  uniquePrefix,
  waitFor,
  type NodeProcess,
} from '@cancelq/test-utils';
import { API_TOKEN, uuid, type Accepted } from './harness.ts';
import { connectRaw, type RawConnection } from './raw-http.ts';
import { startApiProcess } from './system.ts';

/**
 * SIGTERM to the API process (`apps/api/src/main.ts`) with requests in flight. A request is in
 * flight once Node has answered its `Expect: 100-continue`: the handler has it and waits for
 * the body, which the test sends only after the signal, as a slow client would.
 */

const redis: Redis = connectTestRedis();
const started: { prefix: string; api: NodeProcess; connections: RawConnection[] }[] = [];

afterEach(async () => {
  for (const { prefix, api, connections } of started.splice(0)) {
    for (const connection of connections) connection.destroy();
    await api.kill('SIGKILL');
    await deleteKeys(redis, prefix);
  }
});
afterAll(async () => {
  await redis.quit();
});

async function start(shutdownTimeout: string) {
  const prefix = uniquePrefix('shutdown');
  const { url, process: api } = await startApiProcess({
    CANCELQ_REDIS_PREFIX: prefix,
    CANCELQ_SHUTDOWN_TIMEOUT: shutdownTimeout,
  });
  const entry = { prefix, api, connections: [] as RawConnection[] };
  started.push(entry);
  const port = Number(new URL(url).port);
  return {
    ...entry,
    port,
    connect: async () => {
      const connection = await connectRaw(port);
      entry.connections.push(connection);
      return connection;
    },
  };
}

function body(order: number): string {
  return JSON.stringify({ provider: 'planet', order_ids: [uuid(order)] });
}

function postHead(body: string, expectContinue: boolean): string {
  return (
    'POST /v1/cancellations HTTP/1.1\r\nHost: api\r\n' +
    `Authorization: Bearer ${API_TOKEN}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    (expectContinue ? 'Expect: 100-continue\r\n' : '') +
    '\r\n'
  );
}

/** Sends a POST's head and resolves once the API holds it, waiting for its body. */
async function postInFlight(connection: RawConnection, json: string): Promise<void> {
  connection.write(postHead(json, true));
  await waitFor(() => connection.responses[0]?.status === 100, {
    what: '100 Continue',
    timeoutMs: 10_000,
  });
}

function exitCode(api: NodeProcess): () => number | NodeJS.Signals | null | undefined {
  let code: number | NodeJS.Signals | null | undefined;
  void api.exited.then((value) => (code = value));
  return () => code;
}

async function indexedIds(prefix: string): Promise<string[]> {
  const keys = outcomeKeys(prefix);
  const members = (
    await Promise.all(keys.providerIndexes.map((index) => redis.zrange(index, 0, -1)))
  ).flat();
  return members.map((member) => member.slice(member.indexOf(':') + 1)).sort();
}

it('on SIGTERM: requests in flight finish with 202, later ones and /readyz get 503, new connections are refused, exit 0', async () => {
  const { api, port, prefix, connect } = await start('20s');
  const [first, second] = [await connect(), await connect()];
  await postInFlight(first, body(1));
  await postInFlight(second, body(2));
  const exited = exitCode(api);

  const signalledAt = Date.now();
  api.child.kill('SIGTERM');
  await waitFor(() => api.output().includes('"shutting down"'), { what: 'the signal handled' });
  await expect(connectRaw(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

  // The bodies arrive now, and behind each a request sent after the signal, on the same
  // (pipelined) connection: /readyz on one, another cancellation on the other.
  first.write(`${body(1)}GET /readyz HTTP/1.1\r\nHost: api\r\n\r\n`);
  second.write(`${body(2)}${postHead(body(3), false)}${body(3)}`);
  await waitFor(() => first.closed() && second.closed(), {
    what: 'the API to close both connections',
  });

  const [, accepted1, ready] = first.responses;
  const [, accepted2, refused] = second.responses;
  expect([accepted1?.status, accepted2?.status]).toEqual([202, 202]);
  expect(ready?.status).toBe(503);
  expect(JSON.parse(ready?.body ?? '')).toEqual({ error: 'unavailable', message: 'shutting down' });
  expect(ready?.headers.connection).toBe('close');
  expect(refused?.status).toBe(503);
  expect(JSON.parse(refused?.body ?? '')).toMatchObject({ error: 'unavailable' });
  expect(refused?.headers.connection).toBe('close');

  // What got a 202 is in Redis; what was refused is not.
  const ids = [accepted1, accepted2].map((res) => (JSON.parse(res?.body ?? '') as Accepted).id);
  expect(await indexedIds(prefix)).toEqual([...ids].sort());
  for (const id of ids) expect(await redis.exists(outcomeKeys(prefix).record(id))).toBe(1);

  await waitFor(() => exited() !== undefined, { what: 'the API to exit', timeoutMs: 20_000 });
  expect(exited()).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(20_000);
  expect(api.output()).not.toContain('still in flight');
});

it('a request still unfinished at CANCELQ_SHUTDOWN_TIMEOUT is cut then, and the process exits 0', async () => {
  const { api, connect } = await start('2s');
  const stuck = await connect();
  await postInFlight(stuck, body(4));
  const exited = exitCode(api);

  const signalledAt = Date.now();
  api.child.kill('SIGTERM');
  await waitFor(() => stuck.closed(), {
    what: 'the stuck connection to be cut',
    timeoutMs: 15_000,
  });
  // Measured from before the signal was sent, so never shorter than what the API waited (less a
  // margin for the two processes' clocks and timer rounding); cut at once, it would be ~0.
  expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1_900);
  expect(stuck.responses.map((res) => res.status)).toEqual([100]);

  await waitFor(() => exited() !== undefined, { what: 'the API to exit', timeoutMs: 15_000 });
  expect(exited()).toBe(0);
  expect(api.output()).toContain('requests still in flight at CANCELQ_SHUTDOWN_TIMEOUT');
});

it('an open event stream is ended at SIGTERM (its client resumes elsewhere), not held to the deadline', async () => {
  const { api, port } = await start('60s');
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
  const accepted = await fetch(`http://127.0.0.1:${port}/v1/cancellations`, {
    method: 'POST',
    headers,
    body: body(5),
  });
  const { id } = (await accepted.json()) as Accepted;
  const stream = await fetch(`http://127.0.0.1:${port}/v1/cancellations/${id}/events`, {
    headers,
  });
  expect(stream.status).toBe(200);
  let text = '';
  const read = (async () => {
    for await (const chunk of stream.body ?? []) text += Buffer.from(chunk).toString();
    return text;
  })();
  // The first event has come: the stream is under way when the signal arrives.
  await waitFor(() => text.includes('\n\n'), { what: 'the first event' });
  const exited = exitCode(api);
  api.child.kill('SIGTERM');
  // The stream ended with the record it had sent, and the process went on to exit 0 without
  // waiting out its 60 s deadline (it says so when a deadline cuts requests).
  expect(await read).toMatch(/^id: 0\nevent: state\ndata: \{/);
  await waitFor(() => exited() !== undefined, { what: 'the API to exit', timeoutMs: 15_000 });
  expect(exited()).toBe(0);
  expect(api.output()).not.toContain('requests still in flight at CANCELQ_SHUTDOWN_TIMEOUT');
});
