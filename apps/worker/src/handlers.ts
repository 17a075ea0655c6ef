import type { Env, ProviderAccount } from '@cancelq/config';
import { SHARED_CALL_KINDS, type ProviderId } from '@cancelq/contracts';
import {
  CoinwClient,
  HttpClient,
  HypertrackClient,
  PlanetClient,
  PlanomaticClient,
  ProviderError,
} from '@cancelq/providers';
import type { JobRunnerDeps } from './job-runner-deps.ts';
import type { StepHandler } from './step-outcome.ts';
import { coinwSharedCall } from './coinw/coinw-shared-call.ts';
import { planetSharedCall } from './planet/planet-shared-call.ts';
import { planetSettleCall } from './planet/planet-settle-call.ts';
import { coinwHandler } from './coinw/coinw-handler.ts';
import { hypertrackHandler } from './hypertrack/hypertrack-handler.ts';
import { planetHandler } from './planet/planet-handler.ts';
import { planomaticHandler } from './planomatic/planomatic-handler.ts';

export interface ProviderHandlers {
  handler: StepHandler;
  /** Where the provider takes many ids per call: the calls shared across cancellations. */
  shared?: JobRunnerDeps['shared'];
}

/**
 * The handlers of one provider account, with that account's credentials (from the env only):
 * everything its queue runs calls the provider as that account, and as no other.
 */
export function createHandler(account: ProviderAccount, env: Env): ProviderHandlers {
  const { provider, name } = account;
  const credential = (field: string): string => {
    const value = account.credentials[field];
    if (value === undefined) throw new Error(`${provider} account ${name} has no ${field}`);
    return value;
  };
  const limits = {
    timeoutMs: env.CANCELQ_REQUEST_TIMEOUT,
    maxAnswerBytes: env.CANCELQ_MAX_ANSWER_BYTES,
  };
  switch (provider) {
    case 'planet': {
      const http = new HttpClient({ baseUrl: env.PLANET_BASE_URL, ...limits });
      const client = new PlanetClient(http, credential('API_KEY'));
      return {
        handler: planetHandler(client),
        shared: {
          'planet.call': planetSharedCall(client, env.PLANET_BULK_MAX, name),
          'planet.settle': planetSettleCall(client, name),
        },
      };
    }
    case 'coinw': {
      const http = new HttpClient({ baseUrl: env.COINW_BASE_URL, ...limits });
      const client = new CoinwClient(http, {
        apiKey: credential('API_KEY'),
        secretKey: credential('SECRET_KEY'),
      });
      return {
        handler: coinwHandler(client),
        shared: { 'coinw.call': coinwSharedCall(client, env.COINW_BATCH_MAX) },
      };
    }
    case 'planomatic': {
      const http = new HttpClient({ baseUrl: env.PLANOMATIC_BASE_URL, ...limits });
      return {
        handler: planomaticHandler(
          new PlanomaticClient(http, credential('API_TOKEN'), env.PLANOMATIC_TOKEN_FIELD),
        ),
      };
    }
    case 'hypertrack': {
      const http = new HttpClient({ baseUrl: env.HYPERTRACK_BASE_URL, ...limits });
      return {
        handler: hypertrackHandler(
          new HypertrackClient(http, credential('ACCOUNT_ID'), credential('SECRET_KEY')),
        ),
      };
    }
  }
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
