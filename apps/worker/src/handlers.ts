import { requireSetting, type Env } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import {
  CoinwClient,
  HttpClient,
  HypertrackClient,
  PlanetClient,
  PlanomaticClient,
} from '@cancelq/providers';
import type { StepHandler } from './step-outcome.ts';
import { coinwHandler } from './coinw/coinw-handler.ts';
import { hypertrackHandler } from './hypertrack/hypertrack-handler.ts';
import { planetHandler } from './planet/planet-handler.ts';
import { planomaticHandler } from './planomatic/planomatic-handler.ts';

/** The step handler of each provider with a worker side; credentials come from the env only. */
export function createHandler(provider: ProviderId, env: Env): StepHandler {
  const limits = { timeoutMs: env.CANCELQ_REQUEST_TIMEOUT, maxAnswerBytes: env.CANCELQ_MAX_ANSWER_BYTES };
  switch (provider) {
    case 'planet': {
      const http = new HttpClient({ baseUrl: env.PLANET_BASE_URL, ...limits });
      return planetHandler(new PlanetClient(http, requireSetting(env, 'PLANET_API_KEY')));
    }
    case 'coinw': {
      const http = new HttpClient({ baseUrl: env.COINW_BASE_URL, ...limits });
      return coinwHandler(
        new CoinwClient(http, {
          apiKey: requireSetting(env, 'COINW_API_KEY'),
          secretKey: requireSetting(env, 'COINW_SECRET_KEY'),
        }),
      );
    }
    case 'planomatic': {
      const http = new HttpClient({ baseUrl: env.PLANOMATIC_BASE_URL, ...limits });
      return planomaticHandler(
        new PlanomaticClient(
          http,
          requireSetting(env, 'PLANOMATIC_API_TOKEN'),
          env.PLANOMATIC_TOKEN_FIELD,
        ),
      );
    }
    case 'hypertrack': {
      const http = new HttpClient({ baseUrl: env.HYPERTRACK_BASE_URL, ...limits });
      return hypertrackHandler(
        new HypertrackClient(
          http,
          requireSetting(env, 'HYPERTRACK_ACCOUNT_ID'),
          requireSetting(env, 'HYPERTRACK_SECRET_KEY'),
        ),
      );
    }
  }
}
