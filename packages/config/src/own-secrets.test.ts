import { describe, expect, it } from 'vitest';
import { ConfigError, MIN_SECRET_LENGTH, parseEnv } from './env.ts';

const STRONG = 'x7Qe2Lr9Vw4Tn8Ks1Bm6Pd3Z';

function refusal(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the secrets cancelq asks for', () => {
  it.each([
    ['CANCELQ_API_TOKEN', 'change-me-to-a-long-random-token'],
    ['CANCELQ_BOARD_PASSWORD', 'change-me'],
    ['CANCELQ_API_TOKEN', 'CHANGEME-CHANGEME-CHANGEME-CHANGEME'],
    ['CANCELQ_METRICS_TOKEN', 'replace-me-with-something-long-enough'],
  ])('%s=%j, a placeholder, is refused naming the variable', (name, value) => {
    const message = refusal({ [name]: value });
    expect(message).toContain(name);
    expect(message).toContain('placeholder');
  });

  it.each(['CANCELQ_API_TOKEN', 'CANCELQ_BOARD_PASSWORD', 'CANCELQ_METRICS_TOKEN'])(
    '%s shorter than the minimum is refused naming the variable',
    (name) => {
      const message = refusal({ [name]: STRONG.slice(0, MIN_SECRET_LENGTH - 1) });
      expect(message).toContain(name);
      expect(message).toContain(`at least ${MIN_SECRET_LENGTH} characters`);
      expect(refusal({ [name]: 'x' })).toContain(name);
    },
  );

  it('a strong one of the minimum length is accepted, and provider credentials are not judged', () => {
    const env = parseEnv({
      CANCELQ_API_TOKEN: STRONG,
      CANCELQ_BOARD_PASSWORD: STRONG,
      CANCELQ_METRICS_TOKEN: STRONG,
      PLANOMATIC_API_TOKEN: 'short',
    });
    expect(env.CANCELQ_API_TOKEN).toBe(STRONG);
    expect(env.PLANOMATIC_API_TOKEN).toBe('short');
  });
});
