/** What the parseAccounts tests share: a reader of a variable source, accounts files, defaults. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { parseAccounts, type Accounts } from './accounts.ts';
import { envSchema } from './env.ts';

export type Source = Record<string, string | undefined>;

/** parseEnv's reading of the fixed variables (without its own call of parseAccounts). */
export function read(source: Source): Accounts {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  return parseAccounts(envSchema.parse(present), source);
}

/** Each provider's default account alone, as the tests' `name credentials… limit` summaries. */
export const DEFAULTS = {
  planet: ['default 10/1000ms'],
  planomatic: ['default 100/60000ms'],
  coinw: ['default 10/1000ms'],
  hypertrack: ['default 10/1000ms'],
};

const COINW_FILE = {
  coinw: {
    'desk-a': { api_key: 'file-key', secret_key: 'file-secret', rate_limit: '3/1s' },
    'desk-c': { api_key: 'c-key', secret_key: 'c-secret' },
  },
  planet: { 'ops-1': { api_key: 'p-key' } },
};
const COINW_YAML = `# extra accounts
coinw:
  desk-a: { api_key: file-key, secret_key: file-secret, rate_limit: 3/1s }
  desk-c:
    api_key: c-key
    secret_key: c-secret
planet:
  ops-1: { api_key: p-key }
`;
/** The accounts of accountsFiles()' jsonFile, yamlFile and ymlFile, summarised as DEFAULTS is. */
export const FROM_FILE = {
  ...DEFAULTS,
  coinw: [
    'default 10/1000ms',
    'desk-a API_KEY=file-key SECRET_KEY=file-secret 3/1000ms',
    'desk-c API_KEY=c-key SECRET_KEY=c-secret 10/1000ms',
  ],
  planet: ['default 10/1000ms', 'ops-1 API_KEY=p-key 10/1000ms'],
};

export const DESK_A = {
  COINW_ACCOUNT_DESK_A_API_KEY: 'a-key',
  COINW_ACCOUNT_DESK_A_SECRET_KEY: 'a-sec',
};

/**
 * Accounts files in a temporary folder of the calling test file's own, removed after its tests.
 * Real files: the reader's extension, encoding and error paths are part of what is tested.
 */
export function accountsFiles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cancelq-accounts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string): string {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  }

  return {
    dir,
    file,
    jsonFile: file('accounts.json', JSON.stringify(COINW_FILE)),
    yamlFile: file('accounts.yaml', COINW_YAML),
    ymlFile: file('accounts.yml', COINW_YAML),
    commentsOnly: file('empty.yaml', '# no extra accounts yet\n'),
    partialFile: file('partial.json', JSON.stringify({ coinw: { 'desk-a': { api_key: 'f' } } })),
    badFile: file(
      'bad.yaml',
      `coinw:
  desk-a: { api_key: k }
  desk-b: { api_key: k, secret_key: s, passphrase: p, rate_limit: fast }
  desk-c: { api_key: 12345, secret_key: s }
  default: { api_key: k, secret_key: s }
  Desk_D: { api_key: k, secret_key: s }
kraken:
  desk-a: { api_key: k }
`,
    ),
  };
}
