import { describe, expect, it } from 'vitest';
import type { CredentialSpec } from './account-spec.ts';
import { Accounts } from './accounts.ts';

const SPEC: CredentialSpec<'api_key' | 'secret_key'> = {
  fields: ['api_key', 'secret_key'],
  key: 'api_key',
};
const LIMIT = { max: 2, duration_ms: 1000 };
const credentials = (key: string) => ({ api_key: key, secret_key: `secret-${key}` });

const fresh = () =>
  new Accounts(SPEC, credentials('k0'), [{ name: 'a', credentials: credentials('ka') }], LIMIT);

describe('Accounts', () => {
  it('finds accounts by their key field only, and counts an unknown caller as default', () => {
    const accounts = fresh();
    expect(accounts.withKey('ka')?.name).toBe('a');
    expect(accounts.withKey('secret-ka')).toBeUndefined();
    expect(accounts.withKey(7)).toBeUndefined();
    expect(accounts.limiterFor(null)).toBe(accounts.get('default')!.limiter);
    expect(accounts.limiterFor('gone')).toBe(accounts.get('default')!.limiter);
    expect(accounts.limiterFor('a')).not.toBe(accounts.limiterFor(null));
  });

  it('replaces the others whole, keeping default and its window; reset restores the start', () => {
    const accounts = fresh();
    const defaultLimiter = accounts.limiterFor(null);
    accounts.replace([{ name: 'b', credentials: credentials('kb'), limit: { max: 7 } }]);
    expect(accounts.list().map((a) => [a.name, a.limiter.limit])).toEqual([
      ['default', LIMIT],
      ['b', { max: 7, duration_ms: 1000 }],
    ]);
    expect(accounts.limiterFor(null)).toBe(defaultLimiter);
    expect(accounts.withKey('ka')).toBeUndefined();
    // A refused replacement changes nothing.
    expect(() => accounts.replace([{ name: 'c', credentials: credentials('k0') }])).toThrow(
      /already account default's/,
    );
    expect(accounts.withKey('kb')?.name).toBe('b');

    accounts.reset();
    expect(accounts.list().map((a) => a.name)).toEqual(['default', 'a']);
    expect(accounts.limiterFor(null)).not.toBe(defaultLimiter);
  });
});
