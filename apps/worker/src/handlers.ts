import { requireSetting, type Env } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import {
  CoinwClient,
  HttpClient,
  HypertrackClient,
  PlanetClient,
  PlanomaticClient,
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

/** The handlers of each provider with a worker side; credentials come from the env only. */
export function createHandler(provider: ProviderId, env: Env): ProviderHandlers {
  const limits = {
    timeoutMs: env.CANCELQ_REQUEST_TIMEOUT,
    maxAnswerBytes: env.CANCELQ_MAX_ANSWER_BYTES,
  };
  switch (provider) {
    case 'planet': {
      const http = new HttpClient({ baseUrl: env.PLANET_BASE_URL, ...limits });
      const client = new PlanetClient(http, requireSetting(env, 'PLANET_API_KEY'));
      return {
        handler: planetHandler(client),
        shared: {
          'planet.call': planetSharedCall(client, env.PLANET_BULK_MAX),
          'planet.settle': planetSettleCall(client),
        },
      };
    }
    case 'coinw': {
      const http = new HttpClient({ baseUrl: env.COINW_BASE_URL, ...limits });
      const client = new CoinwClient(http, {
        apiKey: requireSetting(env, 'COINW_API_KEY'),
        secretKey: requireSetting(env, 'COINW_SECRET_KEY'),
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
          new PlanomaticClient(
            http,
            requireSetting(env, 'PLANOMATIC_API_TOKEN'),
            env.PLANOMATIC_TOKEN_FIELD,
          ),
        ),
      };
    }
    case 'hypertrack': {
      const http = new HttpClient({ baseUrl: env.HYPERTRACK_BASE_URL, ...limits });
      return {
        handler: hypertrackHandler(
          new HypertrackClient(
            http,
            requireSetting(env, 'HYPERTRACK_ACCOUNT_ID'),
            requireSetting(env, 'HYPERTRACK_SECRET_KEY'),
          ),
        ),
      };
    }
  }
}
