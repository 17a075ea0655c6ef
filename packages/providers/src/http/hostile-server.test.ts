import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinwClient } from '../coinw/coinw-client.ts';
import { HypertrackClient } from '../hypertrack/hypertrack-client.ts';
import { PlanetClient } from '../planet/planet-client.ts';
import { PlanomaticClient } from '../planomatic/planomatic-client.ts';
import { ProviderError } from '../provider-error.ts';
import { HttpClient } from './http-client.ts';

/**
 * Every adapter against a provider that misbehaves on purpose, over real loopback HTTP: it
 * redirects to another listener (which must receive nothing, since the redirected request would
 * carry credentials), drips its answer, or sends a body without end.
 */
const SECRETS = {
  coinwKey: 'coinw-key-0123456789abcdefghij',
  coinwSecret: 'coinw-secret-0123456789abcdefg',
  planomaticToken: 'planomatic-token-0123456789abc',
  hypertrackSecret: 'hypertrack-secret-0123456789ab',
  planetKey: 'planet-key-0123456789abcdefghij',
};

let provider: http.Server;
let elsewhere: http.Server;
let elsewhereUrl: string;
let providerUrl: string;
/** Every request the other host received: none, for the test to pass. */
const reachedElsewhere: string[] = [];
let redirectStatus = 307;
let mode: 'redirect' | 'drip' | 'endless' = 'redirect';
const open = new Set<http.ServerResponse>();

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  elsewhere = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      reachedElsewhere.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"code":0,"msg":"","status":"cancelled","result":{"failed":{"count":0,"failures":[]},"succeeded":{"count":1}}}',
      );
    });
  });
  elsewhereUrl = await listen(elsewhere);
  provider = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (mode === 'redirect') {
      res.writeHead(redirectStatus, { location: `${elsewhereUrl}${req.url}` }).end();
    } else if (mode === 'drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = ' '.repeat(64 * 1024);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    }
  });
  providerUrl = await listen(provider);
});
afterAll(async () => {
  for (const server of [provider, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const clientOf = (options: { timeoutMs?: number; maxAnswerBytes?: number } = {}) =>
  new HttpClient({ baseUrl: providerUrl, timeoutMs: options.timeoutMs ?? 2_000, ...options });

/** One cancel call through each adapter. */
const ADAPTERS: Record<string, (client: HttpClient) => Promise<unknown>> = {
  coinw: (c) =>
    new CoinwClient(c, { apiKey: SECRETS.coinwKey, secretKey: SECRETS.coinwSecret }).batchCancel(
      ['123'],
      undefined,
    ),
  planomatic: (c) =>
    new PlanomaticClient(c, SECRETS.planomaticToken, 'api_token').cancel({
      orderId: '1',
      reason: 'duplicate_order',
      notes: 'x',
    }),
  hypertrack: (c) =>
    new HypertrackClient(c, 'account', SECRETS.hypertrackSecret).cancel({ orderHandle: 'o-1' }),
  planet: (c) =>
    new PlanetClient(c, SECRETS.planetKey).bulkCancel({
      kind: 'order_ids',
      orderIds: ['6031093e-90b7-4a94-9eb6-f3e5ca976a78', '6031093e-90b7-4a94-9eb6-f3e5ca976a79'],
    }),
};

async function failure(call: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await call.then(
    (value) => ({ resolvedWith: value }),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe.each(Object.keys(ADAPTERS))('%s against a hostile provider', (name) => {
  const cancel = ADAPTERS[name]!;

  it.each([
    [301, 'never'],
    [302, 'later'],
    [303, 'later'],
    [307, 'later'],
    [308, 'never'],
  ])(
    'a %d is a failure (%s) naming the status and host; nothing is sent elsewhere',
    async (status, retry) => {
      mode = 'redirect';
      redirectStatus = status;
      reachedElsewhere.length = 0;
      const error = await failure(cancel(clientOf()));
      expect(error.retry).toBe(retry);
      expect(error.status).toBe(status);
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain(new URL(elsewhereUrl).host);
      expect(reachedElsewhere).toEqual([]);
    },
  );

  it('an answer dripped slower than the deadline is abandoned at the deadline and retried', async () => {
    mode = 'drip';
    const error = await failure(cancel(clientOf({ timeoutMs: 300 })));
    expect(error.retry).toBe('later');
    // The socket saw a byte every 50 ms: only a whole-call deadline can have ended it.
    expect(error.message).toBe('timed out');
  });

  it('an answer body over the cap is abandoned and retried', async () => {
    mode = 'endless';
    const error = await failure(
      cancel(clientOf({ maxAnswerBytes: 256 * 1024, timeoutMs: 10_000 })),
    );
    expect(error.retry).toBe('later');
    expect(error.message).toBe('answer body over 262144 bytes, abandoned');
  });
});
