import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretForms, secretsIn, waitFor } from '@cancelq/test-utils';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER, startApi, uuid, type TestApi } from './harness.ts';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; path: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { type: string; message: string; stack: string; command?: { args: unknown } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WRONG_TOKEN = 'wrong-token-0c9d1e-77ab42';
const BOARD_AUTH = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'request-log' });
});
afterAll(async () => {
  await api?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function lines(): Line[] {
  return api
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

/** The request id an answer carries, and the access line logged under it (written on finish). */
async function accessLineOf(res: Response): Promise<{ id: string; line: Line }> {
  await res.arrayBuffer();
  const id = res.headers.get('x-request-id') ?? '';
  expect(id).not.toBe('');
  const line = await waitFor(
    () => lines().find((l) => l.reqId === id && l.res !== undefined && l.req !== undefined),
    { what: `the access line of request ${id}`, timeoutMs: 5_000 },
  );
  return { id, line };
}

describe('the access line', () => {
  it('says method, path without the query, status, response time and request id', async () => {
    const { id, line } = await accessLineOf(
      await api.get('/v1/cancellations?limit=5&provider=planet'),
    );
    expect(id).toMatch(UUID);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: id,
      req: { method: 'GET', path: '/v1/cancellations' },
      res: { statusCode: 200 },
    });
    expect(Object.keys(line.req ?? {}).sort()).toEqual(['method', 'path']);
    expect(line.responseTime).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(line)).not.toContain('limit=5');
  });

  it('is at debug for the health probes and the metrics, which are scraped constantly', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/metrics/process']) {
      const { line } = await accessLineOf(await api.fetch(path));
      expect(line).toMatchObject({ level: 20, req: { path }, res: { statusCode: 200 } });
    }
  });
});

describe('one line per request', () => {
  it('however the answer ends: finished, then its connection closed', async () => {
    const first = await accessLineOf(await api.get('/v1/cancellations?limit=1'));
    // A later request's line is written after the first request's answer closed, too.
    await accessLineOf(await api.get('/v1/cancellations?limit=1'));
    expect(lines().filter((l) => l.reqId === first.id)).toHaveLength(1);
  });

  it('an answer its client stopped waiting for is logged as aborted', async () => {
    const accepted = await api.post('/v1/cancellations', {
      provider: 'planet',
      order_ids: [uuid(3)],
    });
    const { id } = (await accepted.json()) as { id: string };
    const hangUp = new AbortController();
    const stream = await api.fetch(`/v1/cancellations/${id}/events`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
      signal: hangUp.signal,
    });
    expect(stream.status).toBe(200);
    const reqId = stream.headers.get('x-request-id');
    hangUp.abort();
    const line = await waitFor(() => lines().find((l) => l.reqId === reqId && l.res), {
      what: 'the access line of the stream its client left',
      timeoutMs: 5_000,
    });
    expect(line).toMatchObject({
      msg: 'request aborted',
      req: { method: 'GET', path: `/v1/cancellations/${id}/events` },
      res: { statusCode: 200 },
    });
    expect(lines().filter((l) => l.reqId === reqId && l.res)).toHaveLength(1);
  });
});

describe('the request id', () => {
  it('is the caller’s own when well formed, echoed and logged', async () => {
    for (const given of ['req-7f3a9c', 'a'.repeat(128), 'with spaces, and "quotes"']) {
      const res = await api.fetch('/healthz', { headers: { 'x-request-id': given } });
      const { id, line } = await accessLineOf(res);
      expect(id).toBe(given);
      expect(line.reqId).toBe(given);
    }
  });

  it('is generated when absent, and the header equals the logged id', async () => {
    const first = await accessLineOf(await api.fetch('/healthz'));
    const second = await accessLineOf(await api.fetch('/healthz'));
    expect(first.id).toMatch(UUID);
    expect(second.id).toMatch(UUID);
    expect(first.id).not.toBe(second.id);
    expect(first.line.reqId).toBe(first.id);
  });

  it('replaces a malformed incoming id with a generated one', async () => {
    for (const malformed of ['a'.repeat(129), 'tab\there', 'caf\u00e9']) {
      const res = await api.fetch('/healthz', { headers: { 'x-request-id': malformed } });
      const { id, line } = await accessLineOf(res);
      expect(id).toMatch(UUID);
      expect(line.reqId).toBe(id);
      expect(api.logs()).not.toContain(malformed);
    }
  });

  it('is on every answer: 401, 404, 400, 415 and Bull Board’s', async () => {
    const answers: [Promise<Response>, number][] = [
      [
        api.fetch('/v1/cancellations', { headers: { authorization: `Bearer ${WRONG_TOKEN}` } }),
        401,
      ],
      [api.fetch('/nowhere'), 404],
      [api.post('/v1/cancellations', '{not json'), 400],
      [
        api.fetch('/v1/cancellations', {
          method: 'POST',
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'text/plain' },
          body: 'x',
        }),
        415,
      ],
      [api.fetch('/admin/queues'), 401],
      [api.fetch('/admin/queues/api/queues', { headers: { authorization: BOARD_AUTH } }), 200],
    ];
    for (const [answer, status] of answers) {
      const res = await answer;
      expect(res.status).toBe(status);
      const { line } = await accessLineOf(res);
      expect(line.res?.statusCode).toBe(status);
      expect(line.level).toBe(30);
    }
  });
});

describe('failures', () => {
  it('are logged once, with their stack, under the request id', async () => {
    const failure = Object.assign(new Error('store exploded'), {
      // What ioredis attaches to its errors: the command's arguments, i.e. request bodies.
      command: { name: 'evalsha', args: ['{"order_ids":["body-that-must-not-be-logged"]}'] },
    });
    vi.spyOn(api.deps.store, 'get').mockRejectedValue(failure);
    const res = await api.get(`/v1/cancellations/${uuid(1)}`);
    expect(res.status).toBe(500);
    const { id, line } = await accessLineOf(res);
    // The access line records the answer; the failure itself is the error line's.
    expect(line).toMatchObject({ level: 30, res: { statusCode: 500 } });
    expect(line.err).toBeUndefined();

    const errors = lines().filter((l) => l.reqId === id && l.err);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, msg: 'unexpected error' });
    expect(errors[0]?.err?.stack).toMatch(/^Error: store exploded\n\s+at /);
    expect(errors[0]?.err?.command?.args).toBe('[redacted]');
    expect(api.logs()).not.toContain('body-that-must-not-be-logged');
  });
});

describe('no line', () => {
  it('carries a header, the token, the board password or a refused token', async () => {
    await accessLineOf(await api.get('/v1/cancellations'));
    await accessLineOf(
      await api.fetch('/v1/cancellations', { headers: { authorization: `Bearer ${WRONG_TOKEN}` } }),
    );
    await accessLineOf(
      await api.fetch('/admin/queues/api/queues', { headers: { authorization: BOARD_AUTH } }),
    );
    await accessLineOf(
      await api.post('/v1/cancellations', { provider: 'planet', order_ids: [uuid(2)] }),
    );
    const logs = api.logs();
    const forms = secretForms([...api.secrets(), { values: [WRONG_TOKEN] }]);
    expect(secretsIn(logs, forms, 'the API log')).toEqual([]);
    expect(logs).not.toMatch(/authorization|"headers"|order_ids/i);
  });
});
