import { describe, expect, it } from 'vitest';
import { errorOfAnswer } from './error-of-answer.ts';
import { CancelqNetworkError } from './errors.ts';
import { backoffDelay, mayRetry } from './retry.ts';

const timing = { retryBaseMs: 100, retryMaxMs: 1_000 };

function answered(status: number, body: unknown, headers: Record<string, string> = {}) {
  return errorOfAnswer({
    method: 'POST',
    url: 'http://api/v1/cancellations',
    status,
    body,
    headers: new Headers(headers),
  });
}

const network = new CancelqNetworkError({
  status: null,
  code: 'network',
  message: 'cannot reach',
  method: 'GET',
  url: 'http://api',
  timedOut: false,
  timeoutMs: 1_000,
});

describe('backoffDelay', () => {
  it('doubles each attempt, half fixed and half random, up to retryMaxMs', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, timing, undefined, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, timing, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('a Retry-After wins', () => {
    expect(backoffDelay(1, timing, 3_000)).toBe(3_000);
  });
});

describe('mayRetry', () => {
  const get = { method: 'GET', path: '/v1/cancellations' } as const;
  const post = { method: 'POST', path: '/v1/cancellations' } as const;
  const keyed = { ...post, idempotencyKey: 'k' };

  it.each([
    ['GET after a network error', get, network, true],
    ['GET after 503', get, answered(503, { error: 'unavailable' }), true],
    [
      'POST with a key after 503 outcome_unknown',
      keyed,
      answered(503, { error: 'outcome_unknown' }),
      true,
    ],
    [
      'POST with a key after 409 in flight',
      keyed,
      answered(409, { error: 'idempotency_key_in_flight' }),
      true,
    ],
    [
      'POST without a key after 503 outcome_unknown',
      post,
      answered(503, { error: 'outcome_unknown' }),
      false,
    ],
    ['POST without a key after a network error', post, network, false],
    [
      'POST with a key after 409 reused',
      keyed,
      answered(409, { error: 'idempotency_key_reused' }),
      false,
    ],
    ['GET after 400', get, answered(400, { error: 'validation_error' }), false],
    ['GET after 429', get, answered(429, { error: 'too_many_failed_attempts' }), false],
    ['GET after 500', get, answered(500, { error: 'internal' }), false],
  ])('%s: %s', (_name, request, error, expected) => {
    expect(mayRetry(request, error)).toBe(expected);
  });
});

describe('errorOfAnswer', () => {
  it('a body that is not the contract still yields the status class', () => {
    const error = answered(503, '<html>bad gateway</html>');
    expect(error).toMatchObject({
      name: 'CancelqUnavailableError',
      code: 'http_503',
      message: 'HTTP 503',
      reason: 'unavailable',
      retryable: true,
    });
  });

  it('reads Retry-After in seconds and the request id', () => {
    const error = answered(
      429,
      { error: 'too_many_failed_attempts', message: 'wait' },
      {
        'retry-after': '60',
        'x-request-id': 'req-1',
      },
    );
    expect(error).toMatchObject({ retryAfterMs: 60_000, requestId: 'req-1', message: 'wait' });
  });
});
