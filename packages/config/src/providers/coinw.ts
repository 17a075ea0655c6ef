import { z } from 'zod';
import { COINW_BATCH_MAX } from '@cancelq/contracts';
import { optionalSecret, rateLimit, url } from '../env-fields.ts';
import type { ProviderEnv } from '../provider-env.ts';

export const coinwEnv = {
  variables: {
    COINW_BASE_URL: url('https://api.coinw.com').describe('CoinW API base URL.'),
    COINW_API_KEY: optionalSecret.describe('CoinW API key (the `api_key` header).'),
    COINW_SECRET_KEY: optionalSecret.describe('CoinW secret key: signs every request, never sent.'),
    COINW_RATE_LIMIT: rateLimit('10/1s').describe('CoinW batch cancels per sliding window.'),
    COINW_BATCH_MAX: z.coerce
      .number()
      .int()
      .min(1)
      .max(COINW_BATCH_MAX)
      .default(COINW_BATCH_MAX)
      .describe("Ids per batch cancel; may lower CoinW's hard maximum of 20, never raise it."),
  },
  credentials: ['API_KEY', 'SECRET_KEY'],
  maxIdsPerCall: 'COINW_BATCH_MAX',
} as const satisfies ProviderEnv<'coinw'>;
