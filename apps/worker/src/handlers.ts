import { requireSetting, type Env } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import { HttpClient, PlanetClient } from '@cancelq/providers';
import type { RateLimit } from '@cancelq/config';
import type { StepHandler } from './step-outcome.ts';
import { planetHandler } from './planet/planet-handler.ts';

/** The step handler of each provider with a worker side; credentials come from the env only. */
export function createHandler(provider: ProviderId, env: Env): StepHandler | null {
  switch (provider) {
    case 'planet': {
      const http = new HttpClient({
        baseUrl: env.PLANET_BASE_URL,
        timeoutMs: env.CANCELQ_REQUEST_TIMEOUT,
      });
      return planetHandler(new PlanetClient(http, requireSetting(env, 'PLANET_API_KEY')));
    }
    default:
      return null;
  }
}

export function rateLimitOf(provider: ProviderId, env: Env): RateLimit {
  switch (provider) {
    case 'planet':
      return env.PLANET_RATE_LIMIT;
    case 'planomatic':
      return env.PLANOMATIC_RATE_LIMIT;
    case 'coinw':
      return env.COINW_RATE_LIMIT;
    case 'hypertrack':
      return env.HYPERTRACK_RATE_LIMIT;
  }
}
