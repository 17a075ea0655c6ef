import { z } from 'zod';
import { optionalSecret, rateLimit, url } from '../env-fields.ts';
import type { ProviderEnv } from '../provider-env.ts';

export const planetEnv = {
  variables: {
    PLANET_BASE_URL: url('https://api.planet.com/compute/ops').describe(
      'Planet Orders API base URL.',
    ),
    PLANET_API_KEY: optionalSecret.describe('Planet API key (sent as HTTP Basic user).'),
    PLANET_RATE_LIMIT: rateLimit('10/1s').describe(
      'Planet calls per sliding window, `max/duration`.',
    ),
    PLANET_BULK_MAX: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(100)
      .describe('Most order ids in one bulk cancel call (Planet documents no maximum).'),
  },
  credentials: ['API_KEY'],
  maxIdsPerCall: 'PLANET_BULK_MAX',
} as const satisfies ProviderEnv<'planet'>;
