import {
  ConfigError,
  hasCredentials,
  missingCredentials,
  type Env,
  type Logger,
} from '@cancelq/config';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';

/**
 * `CANCELQ_PROVIDERS` set: exactly those, and a provider without any account's credentials stops
 * the worker with the default account's variable names. Unset: every provider with an account's
 * credentials, saying which are skipped, so a worker configured for one provider runs without
 * ceremony. Either way, an account named for a provider it drains must have its credentials.
 */
export function providersToDrain(env: Env, log: Logger): ProviderId[] {
  const explicit = env.CANCELQ_PROVIDERS;
  const problems: string[] = [];
  const ready: ProviderId[] = [];
  for (const provider of explicit ?? PROVIDERS) {
    const accounts = env.accounts[provider];
    const usable = accounts.some(hasCredentials);
    if (usable || explicit) problems.push(...accounts.flatMap((a) => a.missing ?? []));
    if (usable) ready.push(provider);
    else if (explicit)
      problems.push(...missingCredentials(provider, env).map((name) => `${name}: required`));
    else
      log.warn(
        { provider, missing: missingCredentials(provider, env) },
        'no credentials; not draining this queue',
      );
  }
  if (problems.length > 0)
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  if (ready.length === 0)
    throw new ConfigError(
      'invalid configuration:\n  no provider has credentials; set e.g. PLANET_API_KEY, or CANCELQ_PROVIDERS',
    );
  return ready;
}
