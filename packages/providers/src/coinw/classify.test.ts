import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../http/http-client.ts';
import { providerFailure } from '../testing/provider-failure.ts';
import { classifyCoinwAnswer } from './classify.ts';

const answer = (body: unknown, status = 200, retryAfterMs: number | null = null): HttpAnswer => ({
  status,
  body,
  retryAfterMs,
});

const failure = (a: HttpAnswer) => providerFailure(() => classifyCoinwAnswer(a));

describe('classifyCoinwAnswer', () => {
  it('code 0 (and CoinW.Net’s 200) cancels the whole call', () => {
    expect(classifyCoinwAnswer(answer({ code: 0, msg: '' }))).toEqual({ kind: 'cancelled' });
    expect(classifyCoinwAnswer(answer({ code: 200, msg: 'Success' }))).toEqual({
      kind: 'cancelled',
    });
  });

  it.each([
    [{ code: 29001, msg: 'API access frequently' }, 200],
    [{ code: 429, msg: 'Too many requests' }, 200],
    [{ message: 'Too many requests' }, 429],
  ])('%j (HTTP %d) slows down', (body, status) => {
    const error = failure(answer(body, status, 2_000));
    expect(error.retry).toBe('throttled');
    expect(error.retryAfterMs).toBe(2_000);
  });

  it('credentials, signature and permission failures are final, with a hint', () => {
    expect(failure(answer({ code: 6000, msg: 'Authentication error' }))).toMatchObject({
      retry: 'never',
      message: expect.stringContaining('COINW_API_KEY') as string,
    });
    const signature = failure(answer({ code: 6001, msg: 'Invalid signature' }));
    expect(signature.retry).toBe('never');
    expect(signature.message).toMatch(/CoinW code 6001: Invalid signature.*clock/);
    const permission = failure(
      answer({ code: 6003, message: 'require more permission', retry: false, success: false }),
    );
    expect(permission.retry).toBe('never');
    expect(permission.message).toContain('require more permission');
  });

  it('content rejections settle by splitting: code 1 fails, 9012 is not found', () => {
    expect(classifyCoinwAnswer(answer({ code: 1, msg: 'Invalid parameter' }))).toEqual({
      kind: 'rejected',
      code: 1,
      outcome: 'failed',
      detail: 'CoinW code 1: Invalid parameter',
    });
    expect(classifyCoinwAnswer(answer({ code: 9012, msg: 'Position not found.' }))).toMatchObject({
      kind: 'rejected',
      outcome: 'not_found',
    });
  });

  it.each([
    ['a 5xx', answer({ code: 500, msg: 'Internal server error' }, 502)],
    ['a code-500 body', answer({ code: 500, msg: 'Internal server error' })],
    ['an undocumented code', answer({ code: 77777, msg: '?' })],
    ['a 200 without a code', answer({ ok: true })],
    ['an empty 200', answer(undefined)],
  ])('%s is transient', (_name, a) => {
    expect(failure(a).retry).toBe('later');
  });

  it('HTTP 401/403 without a CoinW code are final', () => {
    expect(failure(answer(undefined, 401)).retry).toBe('never');
    expect(failure(answer({ message: 'Forbidden' }, 403)).retry).toBe('never');
  });

  it.each([
    ['an empty string', { code: '', msg: '' }, 200, 'later'],
    ['a blank string', { code: ' ', msg: '' }, 200, 'later'],
    ['a hex string', { code: '0x0', msg: '' }, 200, 'later'],
    ['a negative zero string', { code: '-0', msg: '' }, 200, 'later'],
    ['a negative zero number', { code: -0, msg: '' }, 200, 'later'],
    ['a fraction', { code: 0.0001, msg: '' }, 200, 'later'],
    ['a boolean', { code: false, msg: '' }, 200, 'later'],
    ['null', { code: null, msg: '' }, 200, 'later'],
    ['code 0 under HTTP 400', { code: 0, msg: '' }, 400, 'never'],
    ['code 0 under HTTP 404', { code: 0, msg: '' }, 404, 'never'],
    ['code 0 under HTTP 302', { code: 0, msg: '' }, 302, 'never'],
  ])('a code that only resembles success (%s) is never cancelled', (_name, body, status, retry) => {
    expect(failure(answer(body, status)).retry).toBe(retry);
  });
  it.each([
    [0, 200],
    ['0', 200],
    [0, 204],
    ['200', 200],
  ])('code %j under HTTP %d is success', (code, status) => {
    expect(classifyCoinwAnswer(answer({ code, msg: '' }, status))).toEqual({ kind: 'cancelled' });
  });
});
