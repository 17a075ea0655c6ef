import { z } from 'zod';
import { optionalSecret, rateLimit, url } from '../env-fields.ts';
import type { ProviderEnv } from '../provider-env.ts';

export const planomaticEnv = {
  variables: {
    PLANOMATIC_BASE_URL: url('https://api.planomatic.com').describe('PlanOmatic API base URL.'),
    PLANOMATIC_API_TOKEN: optionalSecret.describe(
      'PlanOmatic integration token (sent in the JSON body).',
    ),
    PLANOMATIC_RATE_LIMIT: rateLimit('100/60s').describe(
      'PlanOmatic calls per sliding window; admin-managed there, so 429s also lower the pace at run time.',
    ),
    PLANOMATIC_TOKEN_FIELD: z
      .enum(['api_token', 'api_key'])
      .default('api_token')
      .describe(
        'Body field of the token: the cancel page says `api_token`, other pages `api_key`.',
      ),
  },
  credentials: ['API_TOKEN'],
} as const satisfies ProviderEnv<'planomatic'>;
