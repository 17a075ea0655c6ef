import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';
import { failureForStatus, providerMessage } from './classify-status.ts';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
  });
  it('ignores absent and malformed values', () => {
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
  it('ignores a date that is not in the future', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', now)).toBeNull();
  });
});

describe('failureForStatus', () => {
  const answer = (status: number, body: unknown = {}, retryAfterMs: number | null = null) => ({
    status,
    body,
    retryAfterMs,
  });
  it.each([
    [401, 'never'],
    [403, 'never'],
    [400, 'never'],
    [404, 'never'],
    [422, 'never'],
    [408, 'later'],
    [500, 'later'],
    [502, 'later'],
    [503, 'later'],
    [429, 'throttled'],
  ])('HTTP %d → %s', (status, retry) => expect(failureForStatus(answer(status)).retry).toBe(retry));
  it('carries the provider message and Retry-After', () => {
    const error = failureForStatus(answer(429, { message: 'slow down' }, 2_000));
    expect(error.message).toBe('HTTP 429: slow down');
    expect(error.retryAfterMs).toBe(2_000);
    expect(failureForStatus(answer(401, { message: 'Invalid API key' })).message).toMatch(
      /HTTP 401: Invalid API key \(check the API credentials\)/,
    );
  });
  it('falls back on the text of a body that was not JSON', () => {
    const error = failureForStatus({
      status: 429,
      body: undefined,
      text: 'Slow down',
      retryAfterMs: 1_000,
    });
    expect(error).toMatchObject({
      retry: 'throttled',
      retryAfterMs: 1_000,
      message: 'HTTP 429: Slow down',
    });
    expect(
      failureForStatus({
        status: 503,
        body: { message: 'json wins' },
        text: 'x',
        retryAfterMs: null,
      }).message,
    ).toBe('HTTP 503: json wins');
  });
});

describe('providerMessage', () => {
  it('reads a JSON string body as the message', () => {
    expect(providerMessage('Too many requests')).toBe('Too many requests');
    expect(providerMessage('  ')).toBeNull();
  });
});
