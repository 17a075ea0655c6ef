import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import type { EnvVars } from './env.ts';
import { PROVIDER_ENV } from './provider-env.ts';

// The variables the providers name as their maxIdsPerCall. Reading them through a record of
// numbers (below) makes a name that is not a number variable of the schema a compile error.
type MaxIdsVariable = {
  [P in ProviderId]: (typeof PROVIDER_ENV)[P] extends { maxIdsPerCall: infer V extends string }
    ? V
    : never;
}[ProviderId];

/**
 * Most ids one call of each provider carries: the variable its providers/ entry names as
 * `maxIdsPerCall` (`PLANET_BULK_MAX`, `COINW_BATCH_MAX`), 1 where a call takes one order. The
 * planners' limits, built here only.
 */
export function maxIdsPerCall(env: EnvVars): Record<ProviderId, number> {
  const counts: Record<MaxIdsVariable, number> = env;
  return Object.fromEntries(
    PROVIDERS.map((provider) => {
      const entry = PROVIDER_ENV[provider];
      return [provider, 'maxIdsPerCall' in entry ? counts[entry.maxIdsPerCall] : 1];
    }),
  ) as Record<ProviderId, number>;
}
