import { DEFAULT_ACCOUNT } from './account-spec.ts';
import type { Accounts } from './accounts.ts';
import { BadRequest } from './bad-request.ts';

/**
 * The account an admin call names, in its body or query (`account`); `default` when absent.
 * An account the provider does not have is a 400: a test that misspells one must not quietly
 * create orders nobody can see, or read another account's limit.
 */
export function namedAccount(accounts: Accounts<string>, value: unknown): string {
  if (value === undefined) return DEFAULT_ACCOUNT;
  if (typeof value !== 'string') throw new BadRequest('account must be a string');
  if (accounts.get(value) === undefined) {
    const known = accounts.list().map((a) => a.name);
    throw new BadRequest(`unknown account ${value}; known: ${known.join(', ')}`);
  }
  return value;
}
