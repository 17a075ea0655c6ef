import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  ACCOUNT_NAME,
  DEFAULT_ACCOUNT,
  isProviderId,
  PROVIDERS,
  type ProviderId,
} from '@cancelq/contracts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseRateLimit, type RateLimit } from './durations.ts';

/** The variable holding the optional accounts file's path. */
export const ACCOUNTS_FILE = 'CANCELQ_ACCOUNTS_FILE';

/** One account as the file gives it; credentials keyed by FIELD (`API_KEY`), as in the env. */
export interface FileAccount {
  credentials: Partial<Record<string, string>>;
  rateLimit?: RateLimit;
}

/**
 * The file's accounts by provider and name. An entry is null when it was refused: its problems
 * are reported already, so what it lacks must not be reported again as missing.
 */
export type FileAccounts = Partial<Record<ProviderId, Map<string, FileAccount | null>>>;

const FORMATS = new Map([
  ['.json', 'JSON'],
  ['.yaml', 'YAML'],
  ['.yml', 'YAML'],
]);

// A string only: YAML reads an unquoted `0123` or `1e5` as a number, and a key or id rebuilt
// from that number would be silently different from the one the provider issued.
const text = z.string({ error: 'must be a string (quote it in YAML)' }).min(1, 'must not be empty');
const limit = text.transform((value, ctx) => {
  const parsed = parseRateLimit(value);
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a limit like 10/1s or 100/60s` });
    return z.NEVER;
  }
  return parsed;
});
const UNREADABLE = new Map([
  ['ENOENT', 'no such file'],
  ['EACCES', 'permission denied'],
  ['EISDIR', 'a directory'],
]);
const map = z.record(z.string(), z.unknown());

/**
 * Reads the accounts file at `path` (JSON or YAML, by extension), pushing every problem, each
 * naming the file and the key, onto `problems`. `fields` are each provider's credential FIELDs;
 * the file spells them lower-case. Credentials are not required here: the env may supply them.
 */
export function readAccountsFile(
  path: string,
  fields: Readonly<Record<ProviderId, readonly string[]>>,
  problems: string[],
): FileAccounts {
  const loaded = load(path, problems);
  if (loaded === null) return {};
  // A YAML file of comments only reads as null: a deployment with no extra accounts yet.
  const root = map.safeParse(loaded.content ?? {});
  if (!root.success) {
    problems.push(`${path}: must map providers (${PROVIDERS.join(', ')}) to their accounts`);
    return {};
  }
  const accounts: FileAccounts = {};
  for (const [provider, section] of Object.entries(root.data)) {
    if (isProviderId(provider)) {
      accounts[provider] = readSection(path, provider, section, fields[provider], problems);
    } else {
      problems.push(`${path}: ${provider}: not a provider (${PROVIDERS.join(', ')})`);
    }
  }
  return accounts;
}

function readSection(
  path: string,
  provider: ProviderId,
  section: unknown,
  fields: readonly string[],
  problems: string[],
): Map<string, FileAccount | null> {
  const entries = new Map<string, FileAccount | null>();
  const names = map.safeParse(section);
  if (!names.success) {
    problems.push(`${path}: ${provider}: must map account names to accounts`);
    return entries;
  }
  const keys = [...fields, 'RATE_LIMIT'].map((field) => field.toLowerCase());
  const schema = z.strictObject(
    Object.fromEntries(keys.map((key) => [key, (key === 'rate_limit' ? limit : text).optional()])),
    { error: `must map fields (${keys.join(', ')}) to values` },
  );
  for (const [name, entry] of Object.entries(names.data)) {
    const at = `${path}: ${provider}.${name}`;
    if (name === DEFAULT_ACCOUNT) {
      problems.push(
        `${at}: default is the plain ${provider.toUpperCase()}_* variables; list the others`,
      );
    } else if (!ACCOUNT_NAME.test(name)) {
      problems.push(`${at}: "${name}" is not an account name like desk-a (a-z, 0-9, -)`);
    } else {
      const parsed = schema.safeParse(entry);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(...describe(at, issue, keys));
      }
      entries.set(name, parsed.success ? toAccount(parsed.data, fields) : null);
    }
  }
  return entries;
}

function describe(at: string, issue: z.core.$ZodIssue, keys: string[]): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${at}.${key}: not a field (${keys.join(', ')})`);
  }
  return [`${[at, ...issue.path.map(String)].join('.')}: ${issue.message}`];
}

function toAccount(entry: Record<string, unknown>, fields: readonly string[]): FileAccount {
  const credentials: Partial<Record<string, string>> = {};
  for (const field of fields) {
    const value = entry[field.toLowerCase()];
    if (typeof value === 'string') credentials[field] = value;
  }
  const rateLimit = entry.rate_limit as RateLimit | undefined;
  return rateLimit === undefined ? { credentials } : { credentials, rateLimit };
}

/** The file's parsed content; null (with the problem pushed) when it cannot be read or parsed. */
function load(path: string, problems: string[]): { content: unknown } | null {
  const at = `${ACCOUNTS_FILE}: ${path}`;
  const format = FORMATS.get(extname(path).toLowerCase());
  if (format === undefined) {
    problems.push(`${at}: must end in .json, .yaml or .yml`);
    return null;
  }
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    problems.push(`${at}: cannot be read (${UNREADABLE.get(code) ?? String(error)})`);
    return null;
  }
  try {
    return { content: format === 'JSON' ? JSON.parse(source) : parseYaml(source) };
  } catch (error) {
    // The file holds secrets, and a parser's message may quote it: YAML's go on to quote the
    // offending lines (the first line says what and where), and newer Nodes' JSON.parse quotes
    // the text around the error ("…" is not valid JSON). Quoted text is left out.
    const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const message = first.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
    problems.push(`${at}: not valid ${format}: ${message}`);
    return null;
  }
}
