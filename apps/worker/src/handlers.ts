import type { Env, ProviderAccount } from '@cancelq/config';
import { SHARED_CALL_KINDS, type ProviderId } from '@cancelq/contracts';
import { HttpClient, ProviderError } from '@cancelq/providers';
import type { HandlerFactory, ProviderHandlers } from './handler-factory.ts';
import { coinwHandlers } from './coinw/coinw-handlers.ts';
import { hypertrackHandlers } from './hypertrack/hypertrack-handlers.ts';
import { planetHandlers } from './planet/planet-handlers.ts';
import { planomaticHandlers } from './planomatic/planomatic-handlers.ts';

export type { HandlerContext, HandlerFactory, ProviderHandlers } from './handler-factory.ts';

/** The worker's provider registry: each provider's handler factory, in its folder. */
export const HANDLER_FACTORIES = {
  planet: planetHandlers,
  planomatic: planomaticHandlers,
  coinw: coinwHandlers,
  hypertrack: hypertrackHandlers,
} satisfies Record<ProviderId, HandlerFactory>;

/**
 * The handlers of one provider account, with that account's credentials (from the env only):
 * everything its queue runs calls the provider as that account, and as no other.
 */
export function createHandler(account: ProviderAccount, env: Env): ProviderHandlers {
  const { provider, name } = account;
  return HANDLER_FACTORIES[provider]({
    account,
    env,
    credential: (field) => {
      const value = account.credentials[field];
      if (value === undefined) throw new Error(`${provider} account ${name} has no ${field}`);
      return value;
    },
    http: (baseUrl) =>
      new HttpClient({
        baseUrl,
        timeoutMs: env.CANCELQ_REQUEST_TIMEOUT,
        maxAnswerBytes: env.CANCELQ_MAX_ANSWER_BYTES,
      }),
  });
}

/** Calls one unconfigured account's queue takes, each failing its targets at once. */
const REFUSED_PER_CALL = 1_000;

/**
 * The handlers of an account a request named that this worker has no credentials for (removed
 * from the config since): every job fails its targets for good, saying so. Never sent with
 * another account's credentials, never left waiting unseen.
 */
export function notConfiguredHandler(provider: ProviderId, account: string): ProviderHandlers {
  const refuse = (): Promise<never> =>
    Promise.reject(
      new ProviderError('never', `account "${account}" is not configured for ${provider}`),
    );
  const shared = { maxIds: REFUSED_PER_CALL, attempt: true, send: refuse };
  return {
    handler: refuse,
    shared: Object.fromEntries(SHARED_CALL_KINDS.map((kind) => [kind, shared])),
  };
}
