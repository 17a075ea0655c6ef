import { describe, expect, it } from 'vitest';
import { parseDuration, parseRateLimit } from './durations.ts';
import { missingCredentials, parseEnv } from './env.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
    ['1.5s', 1_500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '10', 's', '-1s', '0s', '10 days', '1w'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('parseRateLimit', () => {
  it('reads max/duration', () => {
    expect(parseRateLimit('100/60s')).toEqual({ max: 100, durationMs: 60_000 });
    expect(parseRateLimit('10/1s')).toEqual({ max: 10, durationMs: 1_000 });
  });
  it.each(['0/1s', '10', '10/', '/1s', 'ten/1s', '10/1x'])('rejects %j', (text) =>
    expect(parseRateLimit(text)).toBeNull(),
  );
});

describe('parseEnv', () => {
  it('applies the contract defaults', () => {
    const env = parseEnv({});
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.CANCELQ_MAX_ATTEMPTS).toBe(8);
    expect(env.CANCELQ_RETENTION).toBe(30 * 86_400_000);
    expect(env.CANCELQ_PROVIDERS).toBeUndefined();
    expect(parseEnv({ CANCELQ_PROVIDERS: 'coinw, planet,coinw' }).CANCELQ_PROVIDERS).toEqual([
      'coinw',
      'planet',
    ]);
    expect(env.PLANOMATIC_RATE_LIMIT).toEqual({ max: 100, durationMs: 60_000 });
    expect(env.PLANET_BULK_MAX).toBe(100);
  });
  it('names every bad variable', () => {
    expect(() =>
      parseEnv({
        CANCELQ_RETENTION: 'forever',
        COINW_RATE_LIMIT: '10 per second',
        CANCELQ_PROVIDERS: 'planet,acme',
      }),
    ).toThrow(
      /CANCELQ_RETENTION[\s\S]*CANCELQ_PROVIDERS[\s\S]*COINW_RATE_LIMIT|CANCELQ_PROVIDERS[\s\S]*CANCELQ_RETENTION/,
    );
    expect(() => parseEnv({ CANCELQ_PROVIDERS: 'planet,acme' })).toThrow(
      /CANCELQ_PROVIDERS: unknown provider\(s\) acme/,
    );
  });
  it('names the credentials a provider lacks', () => {
    const env = parseEnv({ COINW_API_KEY: 'k', PLANET_API_KEY: 'p' });
    expect(missingCredentials('coinw', env)).toEqual(['COINW_SECRET_KEY']);
    expect(missingCredentials('planet', env)).toEqual([]);
  });
  it('treats an empty variable as unset', () => {
    expect(parseEnv({ CANCELQ_API_PORT: '' }).CANCELQ_API_PORT).toBe(3000);
  });
});
