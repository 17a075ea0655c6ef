import { hasCredentials } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import { drainQueue, type DrainContext, type Lane } from './drain-queue.ts';
import { createHandler } from './handlers.ts';

/**
 * One lane per account with credentials, for each provider this worker drains; the default
 * account's queue is the provider's own. (Accounts without credentials here are
 * drainUnconfiguredAccounts' part.)
 */
export function drainConfiguredAccounts(
  context: DrainContext,
  providers: readonly ProviderId[],
): Lane[] {
  const { env } = context;
  return providers.flatMap((provider) =>
    env.accounts[provider]
      .filter(hasCredentials)
      .map((account) =>
        drainQueue(context, provider, account.name, createHandler(account, env), account.rateLimit),
      ),
  );
}
