import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@cancelq/test-utils';
import {
  CancelqAuthError,
  CancelqClient,
  CancelqError,
  CancelqNetworkError,
  CancelqNotFoundError,
  CancelqUnexpectedAnswerError,
  CancelqValidationError,
  type CancellationBody,
} from '../src/index.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

let api: TestApi;
let client: CancelqClient;

beforeAll(async () => {
  api = await startTestApi('errors');
  client = new CancelqClient({ baseUrl: api.url, token: API_TOKEN });
});
afterAll(async () => api?.close());

function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('API errors become typed errors', () => {
  it('400: CancelqValidationError with every issue, nothing enqueued', async () => {
    const before = await api.recorded();
    const body = {
      provider: 'planomatic',
      order_id: '1',
      cancelation_reason: 'bored',
      notes: ' ',
    } as unknown as CancellationBody;
    const error = await failure(client.create(body));
    expect(error).toBeInstanceOf(CancelqValidationError);
    expect(error).toMatchObject({ status: 400, code: 'validation_error', retryable: false });
    const { issues } = error as CancelqValidationError;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['cancelation_reason', 'notes']);
    expect(await api.recorded()).toBe(before);
  });

  it('400 for a query parameter too (a cursor the API did not make)', async () => {
    const error = await failure(client.listPage({ cursor: 'not-a-cursor' }));
    expect(error).toBeInstanceOf(CancelqValidationError);
    expect((error as CancelqValidationError).issues[0]?.path).toBe('cursor');
  });

  it('401: CancelqAuthError, for reads and writes alike', async () => {
    const stranger = new CancelqClient({ baseUrl: api.url, token: 'not-the-token-at-all-xyz' });
    for (const call of [
      stranger.get(uuid(1)),
      stranger.listPage(),
      stranger.create({ provider: 'planet', order_ids: [uuid(1)] }),
    ]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(CancelqAuthError);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    }
  });

  it('404: CancelqNotFoundError, naming what was asked', async () => {
    const error = await failure(client.get(uuid(404)));
    expect(error).toBeInstanceOf(CancelqNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', method: 'GET' });
    expect((error as CancelqNotFoundError).url).toBe(`${api.url}/v1/cancellations/${uuid(404)}`);
  });

  it('an id is sent as one path segment, whatever it holds', async () => {
    const error = await failure(client.get('../../healthz'));
    expect(error).toBeInstanceOf(CancelqNotFoundError);
  });
});

describe('failures without a usable answer', () => {
  let stub: Server;
  let stubUrl: string;
  let behaviour: 'hang' | 'garbage' | 'crash' = 'hang';

  beforeAll(async () => {
    stub = http.createServer((_req, res) => {
      if (behaviour === 'hang') return;
      res.writeHead(behaviour === 'crash' ? 500 : 200, { 'content-type': 'application/json' });
      res.end(behaviour === 'crash' ? '{"error":"internal"}' : '{"surprise":true}');
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    stub?.closeAllConnections();
    await new Promise((resolve) => stub?.close(resolve));
  });

  it('nothing listening: CancelqNetworkError naming the socket error', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const nobody = new CancelqClient({ baseUrl: url, token: API_TOKEN, retries: 0 });
    const error = await failure(nobody.listPage());
    expect(error).toBeInstanceOf(CancelqNetworkError);
    expect(error).toMatchObject({
      status: null,
      code: 'network',
      timedOut: false,
      reason: 'ECONNREFUSED',
      retryable: true,
    });
  });

  it('no answer within timeoutMs: CancelqNetworkError, timedOut', async () => {
    behaviour = 'hang';
    const slow = new CancelqClient({
      baseUrl: stubUrl,
      token: API_TOKEN,
      retries: 0,
      timeoutMs: 200,
    });
    const error = await failure(slow.get(uuid(1)));
    expect(error).toBeInstanceOf(CancelqNetworkError);
    expect(error).toMatchObject({ code: 'timeout', timedOut: true });
  });

  it("the client's signal aborts a request in flight with the signal's reason", async () => {
    behaviour = 'hang';
    const stop = new AbortController();
    const stoppable = new CancelqClient({
      baseUrl: stubUrl,
      token: API_TOKEN,
      signal: stop.signal,
    });
    const pending = failure(stoppable.get(uuid(1)));
    setTimeout(() => stop.abort(), 50);
    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('a 2xx that is not the documented shape: CancelqUnexpectedAnswerError', async () => {
    behaviour = 'garbage';
    const error = await failure(
      new CancelqClient({ baseUrl: stubUrl, token: API_TOKEN }).listPage(),
    );
    expect(error).toBeInstanceOf(CancelqUnexpectedAnswerError);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_answer' });
    expect((error as CancelqError).issues.map((i) => i.path)).toContain('cancellations');
  });

  it('a 500: a CancelqError of that status, not retried', async () => {
    behaviour = 'crash';
    const retries: number[] = [];
    const crashing = new CancelqClient({
      baseUrl: stubUrl,
      token: API_TOKEN,
      onRetry: (event) => retries.push(event.attempt),
    });
    const error = await failure(crashing.get(uuid(1)));
    expect(error).toBeInstanceOf(CancelqError);
    expect(error).toMatchObject({ status: 500, code: 'internal', retryable: false });
    expect(retries).toEqual([]);
  });
});

describe('options are checked up front', () => {
  it.each([
    [{ baseUrl: 'localhost:3000', token: 't' }, /baseUrl: must be http/],
    [{ baseUrl: 'nope', token: 't' }, /baseUrl: not a URL/],
    [{ baseUrl: 'http://u:p@h', token: 't' }, /baseUrl: must not contain credentials/],
    [{ baseUrl: 'http://h', token: '' }, /token: required/],
    [{ baseUrl: 'http://h', token: 't', retries: -1 }, /retries: must be an integer of at least 0/],
    [{ baseUrl: 'http://h', token: 't', timeoutMs: 0 }, /timeoutMs: must be an integer/],
  ])('%j', (options, message) => {
    expect(() => new CancelqClient(options)).toThrow(message);
  });
});
