import type { z } from 'zod';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import type { RateLimit } from './durations.ts';
import { coinwEnv } from './providers/coinw.ts';
import { hypertrackEnv } from './providers/hypertrack.ts';
import { planetEnv } from './providers/planet.ts';
import { planomaticEnv } from './providers/planomatic.ts';

type Prefix<P extends string> = Uppercase<P>;

/**
 * A provider's environment, declared once in its file under providers/. Every variable is
 * named `<PROVIDER>_…`; `<PROVIDER>_BASE_URL` and `<PROVIDER>_RATE_LIMIT` are required, because
 * the worker and the limiter read them by that name (see rateLimitOf).
 */
export type ProviderEnv<P extends string> = {
  variables: Record<`${Prefix<P>}_${string}`, z.ZodType> &
    Record<`${Prefix<P>}_BASE_URL`, z.ZodType<string>> &
    Record<`${Prefix<P>}_RATE_LIMIT`, z.ZodType<RateLimit>>;
  /**
   * Credential FIELDs: the suffixes of its plain variables (`API_KEY` for `PLANET_API_KEY`), so a
   * named account's variables (`PLANET_ACCOUNT_DESK_A_API_KEY`) read like the default's.
   */
  credentials: readonly string[];
  /**
   * Where one call carries many ids: the variable that caps them (`PLANET_BULK_MAX`), read by
   * maxIdsPerCall. Absent: a call carries one.
   */
  maxIdsPerCall?: `${Prefix<P>}_${string}`;
};

/**
 * The configuration's provider registry, in PROVIDERS' order (the order docs/configuration.md
 * lists them). The type refuses a provider without an entry and an entry for an unknown one.
 */
export const PROVIDER_ENV = {
  planet: planetEnv,
  planomatic: planomaticEnv,
  coinw: coinwEnv,
  hypertrack: hypertrackEnv,
} as const satisfies { [P in ProviderId]: ProviderEnv<P> };

// The variables of every provider as one shape. An object built in a loop loses its keys'
// types, so the type is restated: the intersection of every entry's variables.
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;
type ProviderVariables = UnionToIntersection<(typeof PROVIDER_ENV)[ProviderId]['variables']>;

export const providerVariables = Object.assign(
  {},
  ...PROVIDERS.map((provider) => PROVIDER_ENV[provider].variables),
) as ProviderVariables;

/** Each provider's credential FIELDs (see ProviderEnv). */
export const CREDENTIAL_FIELDS = Object.fromEntries(
  PROVIDERS.map((provider) => [provider, PROVIDER_ENV[provider].credentials]),
) as { [P in ProviderId]: (typeof PROVIDER_ENV)[P]['credentials'] };

/** The variable of a provider's own (default account's) setting: `PLANET_RATE_LIMIT`. */
export function providerVariable<P extends ProviderId, F extends string>(
  provider: P,
  field: F,
): `${Prefix<P>}_${F}` {
  return `${provider.toUpperCase() as Prefix<P>}_${field}`;
}
