import { Redis } from 'ioredis';
import { accountVariable, CREDENTIAL_FIELDS, PROVIDER_CREDENTIALS } from '@cancelq/config';

/**
 * "No credential anywhere", checked the same way by every test that claims it: every key of a
 * Redis (its name and everything it holds, whatever its type) and the captured log text are
 * searched for each secret in every form it travels in, because a leak need not be verbatim: an
 * Authorization header carries base64 of `user:password`, a query string or form body carries
 * it URL-encoded, a JSON log line or job payload carries it escaped.
 */

/** What to look for. */
export interface Secrets {
  /** Credentials, tokens and passwords, as configured. */
  values: readonly string[];
  /** `[user, password]` pairs sent as HTTP Basic: their base64 is in every such header. */
  basicAuth?: readonly (readonly [user: string, password: string])[];
}

/** One form a secret can take in stored or logged text. */
export interface SecretForm {
  form: string;
  /** The secret it derives from, and how: `"abc" (URL-encoded)`. */
  label: string;
}

export interface SecretsScan {
  /** Keys read, across every database. */
  keys: number;
  /** The types of the keys read: lets a test show the scan met what BullMQ and cancelq write. */
  types: ReadonlySet<string>;
  /** Every key name and every string stored, one per line: for a test's positive controls. */
  stored: string;
  /** Where a secret was found, one entry per finding; empty when nothing leaked. */
  leaks: string[];
}

/**
 * The provider credentials set in `env` (under their variable names), with the Basic pairs the
 * providers are sent: Planet's `key:` (the key as user, no password) and HyperTrack's
 * `AccountId:SecretKey`. CoinW's secret only signs (the signature is an HMAC, not the secret)
 * and PlanOmatic's token travels in the body, so both are covered by their plain forms.
 */
export function providerSecrets(env: Readonly<Record<string, string | undefined>>): Secrets {
  const values = Object.values(PROVIDER_CREDENTIALS)
    .flat()
    .flatMap((name) => (env[name] ? [env[name]] : []));
  const basicAuth: [string, string][] = [];
  if (env.PLANET_API_KEY) basicAuth.push([env.PLANET_API_KEY, '']);
  if (env.HYPERTRACK_ACCOUNT_ID && env.HYPERTRACK_SECRET_KEY)
    basicAuth.push([env.HYPERTRACK_ACCOUNT_ID, env.HYPERTRACK_SECRET_KEY]);
  // Every other account's credentials (`<PROVIDER>_ACCOUNTS`), in the same forms.
  for (const [provider, fields] of Object.entries(CREDENTIAL_FIELDS)) {
    const p = provider as keyof typeof CREDENTIAL_FIELDS;
    const names = (env[`${p.toUpperCase()}_ACCOUNTS`] ?? '').split(',').map((n) => n.trim());
    for (const name of names.filter(Boolean)) {
      const field = (f: string) => env[accountVariable(p, name, f)];
      for (const f of fields) {
        const value = field(f);
        if (value) values.push(value);
      }
      if (p === 'planet' && field('API_KEY')) basicAuth.push([field('API_KEY') ?? '', '']);
      const [user, password] = [field('ACCOUNT_ID'), field('SECRET_KEY')];
      if (p === 'hypertrack' && user && password) basicAuth.push([user, password]);
    }
  }
  return { values, basicAuth };
}

/** Every form of every secret, without duplicates. */
export function secretForms(secrets: readonly Secrets[]): SecretForm[] {
  const forms = new Map<string, string>();
  const add = (form: string, label: string) => {
    if (!forms.has(form)) forms.set(form, label);
  };
  const encodings = (text: string, label: string) => {
    add(text, label);
    add(encodeURIComponent(text), `${label} (URL-encoded)`);
    add(new URLSearchParams({ x: text }).toString().slice(2), `${label} (form-encoded)`);
    add(JSON.stringify(text).slice(1, -1), `${label} (JSON-escaped)`);
  };
  for (const { values, basicAuth = [] } of secrets) {
    for (const value of values) {
      // An empty secret is in every text: a caller's mistake, not a finding.
      if (value === '') throw new Error('an empty secret cannot be searched for');
      encodings(value, JSON.stringify(value));
    }
    for (const [user, password] of basicAuth) {
      const basic = Buffer.from(`${user}:${password}`).toString('base64');
      encodings(basic, `HTTP Basic of ${JSON.stringify(`${user}:${password}`)}`);
    }
  }
  return [...forms].map(([form, label]) => ({ form, label }));
}

/** Each secret form found in `text`, described with `where`. */
export function secretsIn(text: string, forms: readonly SecretForm[], where: string): string[] {
  return forms.filter(({ form }) => text.includes(form)).map(({ label }) => `${label} in ${where}`);
}

/**
 * Reads every key of every database of the Redis at `redisUrl` (or only keys matching `match`,
 * for a Redis shared with other tests) and searches them and `logs` for every form of `secrets`.
 * Run it on a Redis of the test's own, once the test's work is done.
 */
export async function scanForSecrets(options: {
  redisUrl: string;
  logs: string;
  secrets: readonly Secrets[];
  match?: string;
}): Promise<SecretsScan> {
  const forms = secretForms(options.secrets);
  const leaks: string[] = [];
  const stored: string[] = [];
  const types = new Set<string>();
  let keys = 0;
  for (const db of await databasesWithKeys(options.redisUrl)) {
    const client = new Redis(options.redisUrl, { db, maxRetriesPerRequest: 1 });
    try {
      for await (const page of scanPages(client, options.match)) {
        const read = await Promise.all(page.map((key) => readKey(client, key)));
        for (const { key, type, texts } of read) {
          // Expired between SCAN and TYPE: nothing is left to leak.
          if (type === 'none') continue;
          keys += 1;
          types.add(type);
          stored.push(key, ...texts);
          leaks.push(...secretsIn(key, forms, `the name of Redis key ${key} (db ${db})`));
          for (const text of texts)
            leaks.push(...secretsIn(text, forms, `Redis key ${key} (db ${db}, ${type})`));
        }
      }
    } finally {
      client.disconnect();
    }
  }
  for (const [i, line] of options.logs.split('\n').entries())
    leaks.push(...secretsIn(line, forms, `log line ${i + 1}: ${line.slice(0, 300)}`));
  return { keys, types, stored: stored.join('\n'), leaks: [...new Set(leaks)] };
}

/** The databases `INFO keyspace` lists (`db0:keys=12,…`): a key in db 3 is a key too. */
async function databasesWithKeys(redisUrl: string): Promise<number[]> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const info = await client.info('keyspace');
    return [...info.matchAll(/^db(\d+):keys=/gm)].map((match) => Number(match[1]));
  } finally {
    client.disconnect();
  }
}

async function* scanPages(client: Redis, match?: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, page] = match
      ? await client.scan(cursor, 'MATCH', match, 'COUNT', 1_000)
      : await client.scan(cursor, 'COUNT', 1_000);
    cursor = next;
    if (page.length > 0) yield page;
  } while (cursor !== '0');
}

/**
 * Every string a key holds, as stored (not re-encoded, so a secret is found as it was written):
 * a hash's fields and values, a zset's members, a stream's entry ids, fields and values.
 */
async function readKey(
  client: Redis,
  key: string,
): Promise<{ key: string; type: string; texts: string[] }> {
  const type = await client.type(key);
  const texts = await (async (): Promise<string[]> => {
    switch (type) {
      case 'string':
        return [(await client.get(key)) ?? ''];
      case 'hash':
        return Object.entries(await client.hgetall(key)).flat();
      case 'list':
        return client.lrange(key, 0, -1);
      case 'set':
        return client.smembers(key);
      case 'zset':
        return client.zrange(key, 0, -1);
      case 'stream':
        return (await client.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
      case 'none':
        return [];
      default:
        // A type this scan cannot read would be a key it silently skipped.
        throw new Error(`Redis key ${key} has type ${type}, which the secrets scan cannot read`);
    }
  })();
  return { key, type, texts };
}
