import type { Request, Response } from 'express';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Every call to timingSafeEqual goes through the real one, recorded.
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return { ...crypto, timingSafeEqual: vi.fn(crypto.timingSafeEqual) };
});

const { timingSafeEqual } = await import('node:crypto');
const { secretsMatch } = await import('./constant-time.ts');
const { requireBasic, requireBearer } = await import('./auth.ts');
const compared = vi.mocked(timingSafeEqual);

const SECRET = 'api-token-7d1e0c2b9a';

beforeEach(() => {
  compared.mockClear();
});

describe('secretsMatch', () => {
  it.each([
    ['the same secret', SECRET, SECRET, true],
    ['two empty strings', '', '', true],
    ['the same unicode secret', 'pässwörd-🛑', 'pässwörd-🛑', true],
    ['one different character', SECRET, `${SECRET.slice(0, -1)}x`, false],
    ['a prefix', SECRET.slice(0, -1), SECRET, false],
    ['a suffix', SECRET.slice(1), SECRET, false],
    ['the secret with more after it', `${SECRET}x`, SECRET, false],
    ['the secret with a NUL after it', `${SECRET}\u0000`, SECRET, false],
    ['empty against the secret', '', SECRET, false],
    ['another case', SECRET.toUpperCase(), SECRET, false],
    ['the same letters, composed and decomposed', 'é', 'e\u0301', false],
  ])('%s → %s', (_name, presented, expected, match) => {
    expect(secretsMatch(presented, expected)).toBe(match);
  });

  // timingSafeEqual throws on buffers of different lengths, and a plain length check first
  // would answer sooner for a wrong length: so both sides are hashed to 32 bytes and every
  // comparison, of any lengths, is one timingSafeEqual over two 32-byte digests.
  it.each([
    ['equal', SECRET, SECRET],
    ['empty against long', '', 'x'.repeat(10_000)],
    ['long against short', 'x'.repeat(10_000), 'y'],
    ['same length, different', 'aaaa', 'aaab'],
  ])('compares %s secrets with timingSafeEqual over fixed-length digests', (_n, a, b) => {
    secretsMatch(a, b);
    expect(compared).toHaveBeenCalledTimes(1);
    const [left, right] = compared.mock.calls[0] as [Buffer, Buffer];
    expect(left.length).toBe(32);
    expect(right.length).toBe(32);
  });
});

function fakeExchange(authorization: string | undefined) {
  const req = { get: (name: string) => (name === 'authorization' ? authorization : undefined) };
  const res = {
    statusCode: 200,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    set: () => res,
    json: () => res,
  };
  const next = vi.fn();
  return { req: req as unknown as Request, res: res as unknown as Response & typeof res, next };
}

describe('the credential checks use it', () => {
  it.each([
    ['the token', `Bearer ${SECRET}`, true],
    ['a wrong token of the same length', `Bearer ${'x'.repeat(SECRET.length)}`, false],
    ['a one-character token', 'Bearer x', false],
    ['a very long token', `Bearer ${'x'.repeat(5_000)}`, false],
  ])('bearer: %s is compared in constant time', (_name, authorization, ok) => {
    const { req, res, next } = fakeExchange(authorization);
    requireBearer(SECRET)(req, res, next);
    expect(compared).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(ok ? 1 : 0);
    expect(res.statusCode).toBe(ok ? 200 : 401);
  });

  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

  // A wrong user costs the same as a wrong password: both halves are always compared.
  it.each([
    ['the right user and password', basic('user:pass'), true],
    ['a wrong user', basic('someone:pass'), false],
    ['a wrong password', basic('user:wrong'), false],
    ['both wrong', basic('x:y'), false],
    ['no colon', basic('userpass'), false],
  ])('basic: %s → both halves compared', (_name, authorization, ok) => {
    const { req, res, next } = fakeExchange(authorization);
    requireBasic('user', 'pass')(req, res, next);
    expect(compared).toHaveBeenCalledTimes(2);
    expect(next).toHaveBeenCalledTimes(ok ? 1 : 0);
    expect(res.statusCode).toBe(ok ? 200 : 401);
  });
});
