import {
  DEFAULT_ACCOUNT,
  type AccountSpec,
  type Credentials,
  type CredentialSpec,
} from './account-spec.ts';
import { BadRequest } from './bad-request.ts';

/**
 * Rejects a set of extra accounts that could not be told apart: a name twice, or `default`
 * (its credentials are the provider's start options), or a key field (api key, token,
 * AccountId) already used, `default`'s included, since a call is attributed by that field alone.
 */
export function checkAccounts<F extends string>(
  specs: readonly AccountSpec<F>[],
  spec: CredentialSpec<F>,
  defaultCredentials: Credentials<F>,
): void {
  const names = new Set<string>([DEFAULT_ACCOUNT]);
  const keys = new Map<string, string>([[defaultCredentials[spec.key], DEFAULT_ACCOUNT]]);
  specs.forEach((account, i) => {
    if (names.has(account.name)) {
      const why = account.name === DEFAULT_ACCOUNT ? 'is reserved' : 'appears twice';
      throw new BadRequest(`accounts[${i}].name ${JSON.stringify(account.name)} ${why}`);
    }
    names.add(account.name);
    const key = account.credentials[spec.key];
    const owner = keys.get(key);
    if (owner !== undefined) {
      throw new BadRequest(`accounts[${i}].${spec.key} is already account ${owner}'s`);
    }
    keys.set(key, account.name);
  });
}
