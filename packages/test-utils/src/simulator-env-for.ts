import { accountVariable, CREDENTIAL_FIELDS } from '@cancelq/config';

/**
 * The simulator's environment that makes it demand exactly these provider credentials: each
 * `PLANET_API_KEY`, `COINW_SECRET_KEY`… becomes `SIM_PLANET_API_KEY`, `SIM_COINW_SECRET_KEY`…;
 * the accounts of `COINW_ACCOUNTS` (with `COINW_ACCOUNT_<NAME>_<FIELD>`) become
 * `SIM_COINW_ACCOUNTS`, each with its own credentials (and the provider's limit).
 */
export function simulatorEnvFor(credentials: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(credentials)) {
    // Only the default account's variables are the simulator's own; the others it takes as a
    // JSON list (below), and a limit is cancelq's to keep, not the provider's to set.
    if (/^[A-Z]+_(ACCOUNTS$|ACCOUNT_.+_)/.test(name)) continue;
    env[`SIM_${name}`] = value;
  }
  for (const provider of Object.keys(CREDENTIAL_FIELDS) as (keyof typeof CREDENTIAL_FIELDS)[]) {
    const names = (credentials[`${provider.toUpperCase()}_ACCOUNTS`] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0) continue;
    const accounts = names.map((name) => ({
      name,
      ...Object.fromEntries(
        CREDENTIAL_FIELDS[provider].map((field) => [
          field.toLowerCase(),
          credentials[accountVariable(provider, name, field)] ?? '',
        ]),
      ),
    }));
    env[`SIM_${provider.toUpperCase()}_ACCOUNTS`] = JSON.stringify(accounts);
  }
  return env;
}
