import { ACCOUNT_NAME, DEFAULT_ACCOUNT, PROVIDERS, type ProviderId } from '@cancelq/contracts';
import {
  ACCOUNTS_FILE,
  readAccountsFile,
  type FileAccount,
  type FileAccounts,
} from './accounts-file.ts';
import { parseRateLimit, type RateLimit } from './durations.ts';
import { ConfigError, envSchema, rateLimitOf, type EnvVars } from './env.ts';
import { CREDENTIAL_FIELDS } from './provider-env.ts';

// One pattern for account names, shared with the API's request schema.
export { ACCOUNT_NAME };

// Each provider's credential FIELDs are declared with its variables (providers/<provider>.ts).
export { CREDENTIAL_FIELDS };

export type CredentialField<P extends ProviderId> = (typeof CREDENTIAL_FIELDS)[P][number];

/** The one field every account may set besides its credentials; unset: the provider's limit. */
const RATE_LIMIT = 'RATE_LIMIT';

export interface ProviderAccount {
  provider: ProviderId;
  /** `default` or a configured name. */
  name: string;
  /** Credentials by field; a field may be missing (its variable unset, as on an API). */
  credentials: Partial<Record<string, string>>;
  /**
   * For a named account, what it lacks, one `VARIABLE: required` line each: a worker that
   * drains its provider refuses to start with any (the API needs only the account's name).
   */
  missing?: string[];
  rateLimit: RateLimit;
}

/** Every provider's accounts, `default` first (always present, even without credentials), then the others sorted by name. */
export type Accounts = Record<ProviderId, ProviderAccount[]>;

/**
 * The env variable that holds a field of an account: `COINW_ACCOUNT_DESK_A_API_KEY`, and for
 * `default` the plain `COINW_API_KEY`. Names cannot hold `_`, so the mapping is one-to-one.
 */
export function accountVariable(provider: ProviderId, account: string, field: string): string {
  const prefix = provider.toUpperCase();
  if (account === DEFAULT_ACCOUNT) return `${prefix}_${field.toUpperCase()}`;
  return `${prefix}_ACCOUNT_${account.toUpperCase().replaceAll('-', '_')}_${field.toUpperCase()}`;
}

/** Whether the account has every credential field set. */
export function hasCredentials(account: ProviderAccount): boolean {
  return CREDENTIAL_FIELDS[account.provider].every((field) => !!account.credentials[field]);
}

/**
 * Every provider's accounts: `default` from the parsed `env`; the others from `source` (the raw
 * environment: their variables are named after them, so no schema can list them) and the file
 * CANCELQ_ACCOUNTS_FILE names, env fields over file fields. Throws a ConfigError with every
 * problem, one per line, as parseEnv does.
 */
export function parseAccounts(env: EnvVars, source: Record<string, string | undefined>): Accounts {
  const problems: string[] = [];
  const filePath = setting(source, ACCOUNTS_FILE);
  const file =
    filePath === undefined ? {} : readAccountsFile(filePath, CREDENTIAL_FIELDS, problems);
  const accounts = {} as Accounts;
  for (const provider of PROVIDERS) {
    const fallback = rateLimitOf(provider, env);
    const reading: Reading = { provider, source, file, filePath, fallback, problems };
    accounts[provider] = [defaultAccount(provider, env), ...namedAccounts(reading)];
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return accounts;
}

interface Reading {
  provider: ProviderId;
  source: Record<string, string | undefined>;
  file: FileAccounts;
  filePath: string | undefined;
  /** The provider's limit, an account's unless it sets its own. */
  fallback: RateLimit;
  problems: string[];
}

/** A variable's value; empty means unset, as in parseEnv (`FOO= pnpm start`). */
function setting(source: Record<string, string | undefined>, name: string): string | undefined {
  const value = source[name];
  return value === '' ? undefined : value;
}

function defaultAccount(provider: ProviderId, env: EnvVars): ProviderAccount {
  const credentials: Partial<Record<string, string>> = {};
  for (const field of CREDENTIAL_FIELDS[provider]) {
    const value: unknown = env[accountVariable(provider, DEFAULT_ACCOUNT, field) as keyof EnvVars];
    if (typeof value === 'string') credentials[field] = value;
  }
  return { provider, name: DEFAULT_ACCOUNT, credentials, rateLimit: rateLimitOf(provider, env) };
}

function namedAccounts(reading: Reading): ProviderAccount[] {
  const listed = listedNames(reading);
  const fromFile = reading.file[reading.provider] ?? new Map<string, FileAccount | null>();
  checkStrayVariables(reading, listed, fromFile);
  const names = [...new Set([...listed, ...fromFile.keys()])].sort();
  return names.map((name) =>
    namedAccount(reading, name, listed.includes(name), fromFile.get(name)),
  );
}

/** The names `<PROVIDER>_ACCOUNTS` lists, each once; a bad name is a problem, not a name. */
function listedNames({ provider, source, problems }: Reading): string[] {
  const variable = `${provider.toUpperCase()}_ACCOUNTS`;
  const text = setting(source, variable);
  const names = (text ?? '').split(',').map((name) => name.trim());
  if (text !== undefined && names.every((name) => name === '')) {
    problems.push(`${variable}: lists no account; list names like desk-a, or unset it`);
  }
  const valid = new Set<string>();
  for (const name of names.filter(Boolean)) {
    if (name === DEFAULT_ACCOUNT) {
      problems.push(
        `${variable}: default is the plain ${provider.toUpperCase()}_* variables; list the others`,
      );
    } else if (!ACCOUNT_NAME.test(name)) {
      problems.push(`${variable}: "${name}" is not an account name like desk-a (a-z, 0-9, -)`);
    } else valid.add(name);
  }
  return [...valid];
}

/**
 * A set `<PROVIDER>_ACCOUNT_<X>_<FIELD>` that belongs to no listed account is a typo that would
 * otherwise leave an account without the credential someone meant to give it.
 */
function checkStrayVariables(reading: Reading, listed: string[], fromFile: Map<string, unknown>) {
  const { provider, source, problems } = reading;
  const prefix = `${provider.toUpperCase()}_ACCOUNT_`;
  const fields: string[] = [...CREDENTIAL_FIELDS[provider], RATE_LIMIT];
  const known = new Set(
    listed.flatMap((name) => fields.map((f) => accountVariable(provider, name, f))),
  );
  const list = `${provider.toUpperCase()}_ACCOUNTS`;
  const accounts = `${list} lists ${listed.join(', ') || 'none'}`;
  for (const variable of Object.keys(source)) {
    if (!variable.startsWith(prefix) || setting(source, variable) === undefined) continue;
    // HYPERTRACK_ACCOUNT_ID is HyperTrack's plain AccountId, not a field of an account `ID`.
    if (known.has(variable) || Object.hasOwn(envSchema.shape, variable)) continue;
    const rest = variable.slice(prefix.length);
    const field = fields.find((f) => rest.endsWith(`_${f}`) && rest.length > f.length + 1);
    const name =
      field &&
      rest
        .slice(0, -field.length - 1)
        .replaceAll('_', '-')
        .toLowerCase();
    let why: string;
    if (name === undefined) why = `not ${prefix}<NAME>_<FIELD>, FIELD one of ${fields.join(', ')}`;
    else if (fromFile.has(name)) why = `${name} is in ${ACCOUNTS_FILE}; list it in ${list} too`;
    else why = `no account ${name}`;
    problems.push(`${variable}: ${why} (${accounts})`);
  }
}

function namedAccount(
  reading: Reading,
  name: string,
  listed: boolean,
  fromFile: FileAccount | null | undefined,
): ProviderAccount {
  const { provider, source, filePath, fallback, problems } = reading;
  const credentials: Partial<Record<string, string>> = {};
  // Not a problem here: the API names accounts without their credentials (only workers hold
  // those); a worker refuses to start with any of these (see `missingCredentials`).
  const missing: string[] = [];
  for (const field of CREDENTIAL_FIELDS[provider]) {
    const variable = accountVariable(provider, name, field);
    const value = (listed ? setting(source, variable) : undefined) ?? fromFile?.credentials[field];
    const key = `${provider}.${name}.${field.toLowerCase()}`;
    if (value !== undefined) credentials[field] = value;
    // A refused file entry (null) has had its problems reported; what it lacks is not news.
    else if (fromFile === null) continue;
    else if (!listed) missing.push(`${filePath}: ${key}: required`);
    else missing.push(`${variable}: required${fromFile ? ` (or ${key} in ${filePath})` : ''}`);
  }
  const variable = accountVariable(provider, name, RATE_LIMIT);
  const text = listed ? setting(source, variable) : undefined;
  const rateLimit = text === undefined ? (fromFile?.rateLimit ?? fallback) : parseRateLimit(text);
  if (rateLimit === null) {
    problems.push(`${variable}: "${text}" is not a limit like 10/1s or 100/60s`);
  }
  return { provider, name, credentials, missing, rateLimit: rateLimit ?? fallback };
}
