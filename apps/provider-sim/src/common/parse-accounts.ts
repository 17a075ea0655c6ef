import type { AccountSpec, Credentials, CredentialSpec } from './account-spec.ts';
import { BadRequest } from './bad-request.ts';
import type { LimitSettings } from './sliding-window.ts';
import { asObject, optionalNumber, type Json } from './validate.ts';

/** Longest account name accepted; names only label accounts in admin calls and the call log. */
const MAX_NAME = 200;

/**
 * `[{name, <credential fields>, limit?}]` → account specs, as `SIM_<PROVIDER>_ACCOUNTS` and
 * `PUT /_sim/<provider>/accounts` give them. Every credential field is required and a non-empty
 * string; unknown fields are refused (a misspelt `secret` must not leave an account unsigned).
 * `limit` takes the limit route's shape, `{max?, duration_ms?}`. Uniqueness is checked apart
 * (check-accounts.ts), against the provider's `default` credentials.
 */
export function parseAccountSpecs<F extends string>(
  list: unknown,
  spec: CredentialSpec<F>,
): AccountSpec<F>[] {
  if (!Array.isArray(list)) throw new BadRequest('accounts must be an array');
  return (list as unknown[]).map((item, i) => parseOne(asObject(item, `accounts[${i}]`), spec, i));
}

function parseOne<F extends string>(raw: Json, spec: CredentialSpec<F>, i: number): AccountSpec<F> {
  const where = `accounts[${i}]`;
  const known = ['name', ...spec.fields, 'limit'];
  const unknown = Object.keys(raw).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new BadRequest(`unknown field ${unknown} in ${where}; known: ${known.join(', ')}`);
  }
  const name = raw.name;
  if (typeof name !== 'string' || name === '' || name.length > MAX_NAME) {
    throw new BadRequest(`${where}.name must be a string of 1 to ${MAX_NAME} characters`);
  }
  const credentials = {} as Credentials<F>;
  for (const field of spec.fields) {
    const value = raw[field];
    if (typeof value !== 'string' || value === '') {
      throw new BadRequest(`${where}.${field} must be a non-empty string`);
    }
    credentials[field] = value;
  }
  const account: AccountSpec<F> = { name, credentials };
  if (raw.limit !== undefined) account.limit = parseLimit(raw.limit, `${where}.limit`);
  return account;
}

/** The limit route's body: `{max?, duration_ms?}`, integers, a window of at least 1 ms. */
export function parseLimit(value: unknown, what = 'body'): Partial<LimitSettings> {
  const raw = asObject(value, what);
  const limit: Partial<LimitSettings> = {};
  try {
    const max = optionalNumber(raw, 'max', { integer: true });
    const duration = optionalNumber(raw, 'duration_ms', { integer: true, min: 1 });
    if (max !== undefined) limit.max = max;
    if (duration !== undefined) limit.duration_ms = duration;
  } catch (err) {
    if (err instanceof BadRequest && what !== 'body')
      throw new BadRequest(`${what}.${err.message}`);
    throw err;
  }
  return limit;
}
