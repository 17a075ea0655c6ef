import type { AccountSpec, Credentials, CredentialSpec } from './common/account-spec.ts';
import { checkAccounts } from './common/check-accounts.ts';
import { parseAccountSpecs } from './common/parse-accounts.ts';

/**
 * `SIM_<PROVIDER>_ACCOUNTS`: a JSON array of the provider's accounts besides `default`, e.g.
 * `[{"name":"desk-a","api_key":"k-a","secret_key":"s-a","limit":{"max":5}}]`, checked the way
 * `PUT /_sim/<provider>/accounts` checks its body. Unset or empty: none. A bad value fails the
 * start with the variable named.
 */
export function accountsVar<F extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  spec: CredentialSpec<F>,
  defaultCredentials: Credentials<F>,
): AccountSpec<F>[] {
  const text = env[name];
  if (text === undefined || text.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The value is not echoed: it holds secrets.
    throw new Error(`${name} must be a JSON array of accounts; it is not valid JSON`);
  }
  try {
    const accounts = parseAccountSpecs(json, spec);
    checkAccounts(accounts, spec, defaultCredentials);
    return accounts;
  } catch (err) {
    throw new Error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
