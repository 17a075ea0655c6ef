import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CancelqClient,
  CancelqNetworkError,
  CancelqUnavailableError,
  type RetryEvent,
} from '../src/index.ts';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

/**
 * Retries through a real HTTP proxy in front of the real API, which fails on cue: what the
 * client sends again, with which Idempotency-Key, and what the API ends up holding.
 */
let api: TestApi;
let proxy: FlakyProxy;
let retries: RetryEvent[];
let client: CancelqClient;

beforeAll(async () => {
  api = await startTestApi('retry');
  proxy = await startFlakyProxy(api.url);
});
afterAll(async () => {
  await proxy?.close();
  await api?.close();
});
beforeEach(() => {
  proxy.seen.length = 0;
  retries = [];
  client = new CancelqClient({
    baseUrl: proxy.url,
    token: API_TOKEN,
    retries: 3,
    retryBaseMs: 20,
    onRetry: (event) => retries.push(event),
  });
});

const body = (n: number) => ({ provider: 'planet', order_ids: [uuid(n)] }) as const;

describe('a POST with an Idempotency-Key', () => {
  it('after 503 unavailable, is sent again with the same key and accepted once', async () => {
    const before = await api.recorded();
    proxy.script('unavailable');
    const { accepted, replayed } = await client.create(body(1), { idempotencyKey: 'k-unavail' });
    expect(replayed).toBe(false);
    expect(proxy.seen.map((r) => [r.method, r.idempotencyKey])).toEqual([
      ['POST', 'k-unavail'],
      ['POST', 'k-unavail'],
    ]);
    expect(retries.map((r) => [r.attempt, r.error.code])).toEqual([[1, 'unavailable']]);
    expect(await api.recorded()).toBe(before + 1);
    expect(await api.get(`/v1/cancellations/${accepted.id}`)).toMatchObject({ id: accepted.id });
  });

  it('after 503 outcome_unknown (the API did accept it), the retry answers that acceptance', async () => {
    const before = await api.recorded();
    proxy.script('lose-answer');
    const { accepted, replayed } = await client.create(body(2), { idempotencyKey: 'k-lost' });
    // The first attempt was accepted; the retry is the API's replay of it: one cancellation.
    expect(replayed).toBe(true);
    expect(await api.recorded()).toBe(before + 1);
    expect(accepted.provider).toBe('planet');
    expect(proxy.seen.map((r) => r.idempotencyKey)).toEqual(['k-lost', 'k-lost']);
    expect(proxy.seen[0]?.body).toBe(proxy.seen[1]?.body);
  });

  it('after a dropped connection, too', async () => {
    proxy.script('reset');
    const { replayed } = await client.create(body(3), { idempotencyKey: 'k-reset' });
    expect(replayed).toBe(false);
    expect(retries[0]?.error).toBeInstanceOf(CancelqNetworkError);
  });

  it('gives up after `retries` more attempts, with the last error', async () => {
    proxy.script('unavailable', 'unavailable', 'unavailable', 'unavailable');
    const error = await client
      .create(body(4), { idempotencyKey: 'k-down' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqUnavailableError);
    expect(proxy.seen).toHaveLength(4);
    // Exponential: each wait's fixed half is twice the one before.
    const [a, b, c] = retries.map((r) => r.delayMs);
    expect([a, b, c].every((d) => d !== undefined)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(10);
    expect(b).toBeGreaterThanOrEqual(20);
    expect(c).toBeGreaterThanOrEqual(40);
  });
});

describe('a POST without an Idempotency-Key is never retried', () => {
  it('503 outcome_unknown: thrown at once, with the reason, though the API did accept it', async () => {
    const before = await api.recorded();
    proxy.script('lose-answer');
    const error = await client.create(body(5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqUnavailableError);
    expect((error as CancelqUnavailableError).reason).toBe('outcome_unknown');
    expect(proxy.seen).toHaveLength(1);
    expect(retries).toEqual([]);
    // Sending it again would have made this two.
    expect(await api.recorded()).toBe(before + 1);
  });

  it('503 unavailable and a dropped connection alike', async () => {
    proxy.script('unavailable');
    const unavailable = await client.create(body(6)).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ reason: 'unavailable', retryable: true });
    proxy.script('reset');
    expect(await client.create(body(7)).catch((e: unknown) => e)).toBeInstanceOf(
      CancelqNetworkError,
    );
    expect(proxy.seen).toHaveLength(2);
  });
});

describe('GETs are always retried', () => {
  it('after a 503 and a dropped connection', async () => {
    const { accepted } = await client.create(body(8), { idempotencyKey: 'k-get' });
    proxy.seen.length = 0;
    proxy.script('unavailable', 'reset');
    const record = await client.get(accepted.id);
    expect(record.id).toBe(accepted.id);
    expect(proxy.seen.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it('retries: 0 turns it off', async () => {
    const once = new CancelqClient({ baseUrl: proxy.url, token: API_TOKEN, retries: 0 });
    proxy.script('unavailable');
    expect(await once.listPage().catch((e: unknown) => e)).toBeInstanceOf(CancelqUnavailableError);
    expect(proxy.seen).toHaveLength(1);
  });
});
