import { optionalSecret, rateLimit, url } from '../env-fields.ts';
import type { ProviderEnv } from '../provider-env.ts';

export const hypertrackEnv = {
  variables: {
    HYPERTRACK_BASE_URL: url('https://v3.api.hypertrack.com').describe('HyperTrack API base URL.'),
    HYPERTRACK_ACCOUNT_ID: optionalSecret.describe('HyperTrack AccountId (HTTP Basic user).'),
    HYPERTRACK_SECRET_KEY: optionalSecret.describe('HyperTrack SecretKey (HTTP Basic password).'),
    HYPERTRACK_RATE_LIMIT: rateLimit('10/1s').describe('HyperTrack calls per sliding window.'),
  },
  credentials: ['ACCOUNT_ID', 'SECRET_KEY'],
} as const satisfies ProviderEnv<'hypertrack'>;
