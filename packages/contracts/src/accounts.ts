import { z } from 'zod';
import { PROVIDERS, type ProviderId } from './providers.ts';

/**
 * Accounts: a provider's credentials and the limit that goes with them. Every provider has the
 * account `default` (its plain variables); more are configured by name. Each account has a queue
 * of its own, so its limit, its 429 back-off and its backlog are its own.
 */
export const DEFAULT_ACCOUNT = 'default';

/** An account's name: lower-case, digits and `-`, so it maps one-to-one onto a variable name. */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const accountName = z
  .string()
  .regex(ACCOUNT_NAME, {
    message: 'must be an account name: a-z, 0-9 and -, starting with a letter or digit, ≤ 63',
  })
  .meta({
    description:
      "One of the provider's configured accounts; absent: `default`, the account of the provider's plain variables.",
    example: 'desk-a',
  });

/** The account a request (or a stored request) is for. */
export function accountOf(request: { account?: string | undefined }): string {
  return request.account ?? DEFAULT_ACCOUNT;
}

/**
 * The BullMQ queue of a provider's account. The default account's queue is named after the
 * provider alone, as every queue was before accounts: jobs queued before an upgrade keep their
 * queue. `@` cannot occur in a provider id or an account name, so the name reads back.
 */
export function queueNameOf(provider: ProviderId, account: string): string {
  return account === DEFAULT_ACCOUNT ? provider : `${provider}@${account}`;
}

export interface AccountQueue {
  provider: ProviderId;
  account: string;
}

/** The provider and account of a queue name; null for a name that is not one of ours. */
export function parseQueueName(name: string): AccountQueue | null {
  const [provider, account = DEFAULT_ACCOUNT, ...rest] = name.split('@');
  if (rest.length > 0 || !(PROVIDERS as readonly string[]).includes(provider ?? '')) return null;
  if (!ACCOUNT_NAME.test(account)) return null;
  return { provider: provider as ProviderId, account };
}
