import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureForStatus } from './classify-status.ts';
import { HttpClient, type HttpAnswer } from './http-client.ts';
import { ProviderError } from '../provider-error.ts';

/**
 * HttpClient over real HTTP: a local server answers each path with a fixed status, headers and
 * raw body, the way gateways and proxies in front of a provider answer — often not in JSON.
 */
const ANSWERS: Record<string, { status: number; headers?: Record<string, string>; body: string }> =
  {
    '/text-429': {
      status: 429,
      headers: { 'content-type': 'text/plain', 'retry-after': '2' },
      body: 'Too Many Requests\n',
    },
    '/text-401': { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' },
    '/html-403': {
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>',
    },
    '/html-502': {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body>\n</html>\n',
    },
    '/json-429': {
      status: 429,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"slow down"}',
    },
    '/garbled-200': {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"result":{"failed":{"cou',
    },
    '/html-200': { status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' },
  };

let server: http.Server;
let client: HttpClient;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // A provider that never answers: only a deadline or the caller ends the call.
    if (req.url === '/hang') return;
    const answer = ANSWERS[req.url ?? ''] ?? { status: 404, body: '' };
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  client = new HttpClient({ baseUrl, timeoutMs: 2_000 });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (url: string): Promise<HttpAnswer> => client.request({ method: 'GET', url }, []);

describe('HttpClient: an error answer that is not JSON is still classified by its status', () => {
  it('a plain-text 429 is throttled for its Retry-After, with its text', async () => {
    const answer = await get('/text-429');
    expect(answer).toEqual({
      status: 429,
      body: undefined,
      text: 'Too Many Requests',
      retryAfterMs: 2_000,
    });
    expect(failureForStatus(answer)).toMatchObject({
      retry: 'throttled',
      retryAfterMs: 2_000,
      message: 'HTTP 429: Too Many Requests',
    });
  });

  it('a plain-text 401 and an HTML 403 are never retried', async () => {
    expect(failureForStatus(await get('/text-401'))).toMatchObject({
      retry: 'never',
      message: 'HTTP 401: Unauthorized (check the API credentials)',
    });
    expect(failureForStatus(await get('/html-403'))).toMatchObject({
      retry: 'never',
      message: 'HTTP 403: 403 Forbidden Forbidden (the credentials lack permission)',
    });
  });

  it('an HTML 502 is retried later, its page reduced to its words', async () => {
    expect(failureForStatus(await get('/html-502'))).toMatchObject({
      retry: 'later',
      status: 502,
      message: 'HTTP 502: 502 Bad Gateway 502 Bad Gateway',
    });
  });

  it('a JSON error body is read as before', async () => {
    expect(await get('/json-429')).toEqual({
      status: 429,
      body: { message: 'slow down' },
      retryAfterMs: null,
    });
  });

  it.each(['/garbled-200', '/html-200'])(
    'a 2xx whose body is not JSON (%s) is a transient fault',
    async (url) => {
      const error: unknown = await get(url).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        retry: 'later',
        status: 200,
        message: 'HTTP 200 with a malformed JSON body',
      });
    },
  );
});

describe('HttpClient: a call that gets no answer', () => {
  const hang = (options: { timeoutMs: number; signal?: AbortSignal }) =>
    new HttpClient({ baseUrl, timeoutMs: options.timeoutMs })
      .request(
        { method: 'GET', url: '/hang' },
        [],
        options.signal ? { signal: options.signal } : {},
      )
      .then(
        () => null,
        (e: unknown) => e,
      );

  it('ends at its deadline as a timeout, retried later, whether or not the caller has a signal', async () => {
    for (const signal of [undefined, new AbortController().signal]) {
      const error = await hang({ timeoutMs: 200, ...(signal ? { signal } : {}) });
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ retry: 'later', message: 'timed out' });
    }
  });

  it('ends when the caller aborts (a worker stopping), as aborted, not as a timeout', async () => {
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 50);
    expect(await hang({ timeoutMs: 10_000, signal: stopping.signal })).toMatchObject({
      retry: 'later',
      message: 'aborted',
    });
    // Already aborted: no call is left waiting for the deadline.
    expect(await hang({ timeoutMs: 10_000, signal: stopping.signal })).toMatchObject({
      message: 'aborted',
    });
  });
});
