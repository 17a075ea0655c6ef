import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountVariable, hasCredentials, parseAccounts, type Accounts } from './accounts.ts';
import { ConfigError, envSchema } from './env.ts';

type Source = Record<string, string | undefined>;

// Real files: the reader's extension, encoding and error paths are part of what is tested.
const dir = mkdtempSync(path.join(tmpdir(), 'cancelq-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

/** parseEnv's reading of the fixed variables (without its own call of parseAccounts). */
function read(source: Source): Accounts {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  return parseAccounts(envSchema.parse(present), source);
}

/**
 * The problems of a source, one per line: those that refuse it (as parseEnv formats them), or
 * else the credentials its accounts lack, which only a worker refuses (the API needs names).
 */
function problems(source: Source): string[] {
  let accounts: Accounts;
  try {
    accounts = read(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toMatch(/^invalid configuration:\n {2}/);
    return error.message.split('\n  ').slice(1);
  }
  const missing = Object.values(accounts).flatMap((list) => list.flatMap((a) => a.missing ?? []));
  if (missing.length === 0) throw new Error('expected a ConfigError or missing credentials');
  return missing;
}

/** Each provider's accounts as `name credentials… limit`, for compact expectations. */
function summary(accounts: Accounts): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(accounts).map(([provider, list]) => [
      provider,
      list.map(({ name, credentials, rateLimit }) =>
        [
          name,
          ...Object.entries(credentials).map(([field, value]) => `${field}=${value}`),
          `${rateLimit.max}/${rateLimit.durationMs}ms`,
        ].join(' '),
      ),
    ]),
  );
}

const DEFAULTS = {
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
const FROM_FILE = {
  ...DEFAULTS,
  coinw: [
    'default 10/1000ms',
    'desk-a API_KEY=file-key SECRET_KEY=file-secret 3/1000ms',
    'desk-c API_KEY=c-key SECRET_KEY=c-secret 10/1000ms',
  ],
  planet: ['default 10/1000ms', 'ops-1 API_KEY=p-key 10/1000ms'],
};

const jsonFile = file('accounts.json', JSON.stringify(COINW_FILE));
const yamlFile = file('accounts.yaml', COINW_YAML);
const ymlFile = file('accounts.yml', COINW_YAML);
const commentsOnly = file('empty.yaml', '# no extra accounts yet\n');
const partialFile = file('partial.json', JSON.stringify({ coinw: { 'desk-a': { api_key: 'f' } } }));
const badFile = file(
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
);
const DESK_A = { COINW_ACCOUNT_DESK_A_API_KEY: 'a-key', COINW_ACCOUNT_DESK_A_SECRET_KEY: 'a-sec' };

describe('parseAccounts accepts', () => {
  it.each<[string, Source, Record<string, string[]>]>([
    ['no accounts: each provider has its default alone', {}, DEFAULTS],
    [
      'the plain variables as the default account (HYPERTRACK_ACCOUNT_ID is one of them)',
      { PLANET_API_KEY: 'pk', HYPERTRACK_ACCOUNT_ID: 'ht-id', HYPERTRACK_SECRET_KEY: 'ht-sk' },
      {
        ...DEFAULTS,
        planet: ['default API_KEY=pk 10/1000ms'],
        hypertrack: ['default ACCOUNT_ID=ht-id SECRET_KEY=ht-sk 10/1000ms'],
      },
    ],
    [
      'two coinw accounts, one with its own limit, one inheriting COINW_RATE_LIMIT; sorted, merged',
      {
        COINW_RATE_LIMIT: '5/2s',
        COINW_ACCOUNTS: ' desk-b,desk-a , desk-b',
        ...DESK_A,
        COINW_ACCOUNT_DESK_A_RATE_LIMIT: '2/1s',
        COINW_ACCOUNT_DESK_B_API_KEY: 'b-key',
        COINW_ACCOUNT_DESK_B_SECRET_KEY: 'b-sec',
      },
      {
        ...DEFAULTS,
        coinw: [
          'default 5/2000ms',
          'desk-a API_KEY=a-key SECRET_KEY=a-sec 2/1000ms',
          'desk-b API_KEY=b-key SECRET_KEY=b-sec 5/2000ms',
        ],
      },
    ],
    [
      'a hypertrack account named id beside the plain HYPERTRACK_ACCOUNT_ID',
      {
        HYPERTRACK_ACCOUNT_ID: 'plain',
        HYPERTRACK_ACCOUNTS: 'id',
        HYPERTRACK_ACCOUNT_ID_ACCOUNT_ID: 'id-id',
        HYPERTRACK_ACCOUNT_ID_SECRET_KEY: 'id-sk',
      },
      {
        ...DEFAULTS,
        hypertrack: [
          'default ACCOUNT_ID=plain 10/1000ms',
          'id ACCOUNT_ID=id-id SECRET_KEY=id-sk 10/1000ms',
        ],
      },
    ],
    [
      'empty variables as unset',
      { COINW_ACCOUNTS: '', COINW_ACCOUNT_TYPO_API_KEY: '', PLANET_API_KEY: '' },
      DEFAULTS,
    ],
    ['a JSON accounts file', { CANCELQ_ACCOUNTS_FILE: jsonFile }, FROM_FILE],
    ['a YAML accounts file', { CANCELQ_ACCOUNTS_FILE: yamlFile }, FROM_FILE],
    ['a .yml accounts file', { CANCELQ_ACCOUNTS_FILE: ymlFile }, FROM_FILE],
    ['a YAML file of comments only', { CANCELQ_ACCOUNTS_FILE: commentsOnly }, DEFAULTS],
    [
      'env fields over file fields, field by field (the limit too)',
      {
        CANCELQ_ACCOUNTS_FILE: yamlFile,
        COINW_ACCOUNTS: 'desk-a,desk-c',
        COINW_ACCOUNT_DESK_A_API_KEY: 'env-key',
        COINW_ACCOUNT_DESK_C_RATE_LIMIT: '7/1s',
      },
      {
        ...FROM_FILE,
        coinw: [
          'default 10/1000ms',
          'desk-a API_KEY=env-key SECRET_KEY=file-secret 3/1000ms',
          'desk-c API_KEY=c-key SECRET_KEY=c-secret 7/1000ms',
        ],
      },
    ],
  ])('%s', (_, source, expected) => expect(summary(read(source))).toEqual(expected));
});

describe('parseAccounts names every problem: the variable, or the file and key', () => {
  it.each<[string, Source, string[]]>([
    [
      'a missing field',
      { COINW_ACCOUNTS: 'desk-a', COINW_ACCOUNT_DESK_A_API_KEY: 'k' },
      ['COINW_ACCOUNT_DESK_A_SECRET_KEY: required'],
    ],
    [
      'a bad name',
      { COINW_ACCOUNTS: 'desk-a,Desk A', ...DESK_A },
      ['COINW_ACCOUNTS: "Desk A" is not an account name like desk-a (a-z, 0-9, -)'],
    ],
    [
      'default listed',
      { PLANET_ACCOUNTS: 'default' },
      ['PLANET_ACCOUNTS: default is the plain PLANET_* variables; list the others'],
    ],
    [
      'a list of no names',
      { PLANET_ACCOUNTS: ' , ' },
      ['PLANET_ACCOUNTS: lists no account; list names like desk-a, or unset it'],
    ],
    [
      'a bad per-account limit',
      { COINW_ACCOUNTS: 'desk-a', ...DESK_A, COINW_ACCOUNT_DESK_A_RATE_LIMIT: 'fast' },
      ['COINW_ACCOUNT_DESK_A_RATE_LIMIT: "fast" is not a limit like 10/1s or 100/60s'],
    ],
    [
      'a variable of an account not listed (a typo)',
      { COINW_ACCOUNTS: 'desk-a', ...DESK_A, COINW_ACCOUNT_DESK_B_API_KEY: 'k' },
      ['COINW_ACCOUNT_DESK_B_API_KEY: no account desk-b (COINW_ACCOUNTS lists desk-a)'],
    ],
    [
      'an account variable while no account is listed',
      { PLANET_ACCOUNT_OPS_API_KEY: 'k' },
      ['PLANET_ACCOUNT_OPS_API_KEY: no account ops (PLANET_ACCOUNTS lists none)'],
    ],
    [
      'an account variable of no field',
      { COINW_ACCOUNTS: 'desk-a', ...DESK_A, COINW_ACCOUNT_DESK_A_PASSPHRASE: 'p' },
      [
        'COINW_ACCOUNT_DESK_A_PASSPHRASE: not COINW_ACCOUNT_<NAME>_<FIELD>, FIELD one of API_KEY, SECRET_KEY, RATE_LIMIT (COINW_ACCOUNTS lists desk-a)',
      ],
    ],
    [
      "a variable of the file's account that COINW_ACCOUNTS does not list (it would be ignored)",
      { CANCELQ_ACCOUNTS_FILE: jsonFile, COINW_ACCOUNT_DESK_C_API_KEY: 'k' },
      [
        'COINW_ACCOUNT_DESK_C_API_KEY: desk-c is in CANCELQ_ACCOUNTS_FILE; list it in COINW_ACCOUNTS too (COINW_ACCOUNTS lists none)',
      ],
    ],
    [
      'a field neither the env nor the file gives',
      { CANCELQ_ACCOUNTS_FILE: partialFile, COINW_ACCOUNTS: 'desk-a' },
      [`COINW_ACCOUNT_DESK_A_SECRET_KEY: required (or coinw.desk-a.secret_key in ${partialFile})`],
    ],
    [
      'every problem of a file, by key',
      { CANCELQ_ACCOUNTS_FILE: badFile },
      [
        `${badFile}: coinw.desk-b.rate_limit: "fast" is not a limit like 10/1s or 100/60s`,
        `${badFile}: coinw.desk-b.passphrase: not a field (api_key, secret_key, rate_limit)`,
        `${badFile}: coinw.desk-c.api_key: must be a string (quote it in YAML)`,
        `${badFile}: coinw.default: default is the plain COINW_* variables; list the others`,
        `${badFile}: coinw.Desk_D: "Desk_D" is not an account name like desk-a (a-z, 0-9, -)`,
        `${badFile}: kraken: not a provider (planet, planomatic, coinw, hypertrack)`,
      ],
    ],
    [
      'a file that does not exist',
      { CANCELQ_ACCOUNTS_FILE: path.join(dir, 'missing.yaml') },
      [`CANCELQ_ACCOUNTS_FILE: ${path.join(dir, 'missing.yaml')}: cannot be read (no such file)`],
    ],
    [
      'a file of another format',
      { CANCELQ_ACCOUNTS_FILE: path.join(dir, 'accounts.toml') },
      [
        `CANCELQ_ACCOUNTS_FILE: ${path.join(dir, 'accounts.toml')}: must end in .json, .yaml or .yml`,
      ],
    ],
    [
      'a file that does not parse',
      { CANCELQ_ACCOUNTS_FILE: file('broken.json', '{"coinw": ') },
      [
        `CANCELQ_ACCOUNTS_FILE: ${path.join(dir, 'broken.json')}: not valid JSON: Unexpected end of JSON input`,
      ],
    ],
    [
      'YAML that is not a map of providers',
      { CANCELQ_ACCOUNTS_FILE: file('list.yaml', '- coinw\n') },
      [
        `${path.join(dir, 'list.yaml')}: must map providers (planet, planomatic, coinw, hypertrack) to their accounts`,
      ],
    ],
    [
      'several problems at once',
      {
        CANCELQ_ACCOUNTS_FILE: partialFile,
        PLANET_ACCOUNTS: 'ops,Ops 2',
        PLANET_ACCOUNT_OPZ_API_KEY: 'k',
        COINW_ACCOUNTS: 'desk-a,desk-b',
        COINW_ACCOUNT_DESK_B_API_KEY: 'k',
      },
      [
        'PLANET_ACCOUNTS: "Ops 2" is not an account name like desk-a (a-z, 0-9, -)',
        'PLANET_ACCOUNT_OPZ_API_KEY: no account opz (PLANET_ACCOUNTS lists ops)',
      ],
    ],
    [
      'several missing credentials (named for a worker; the API needs only the names)',
      {
        CANCELQ_ACCOUNTS_FILE: partialFile,
        PLANET_ACCOUNTS: 'ops',
        COINW_ACCOUNTS: 'desk-a,desk-b',
        COINW_ACCOUNT_DESK_B_API_KEY: 'k',
      },
      [
        'PLANET_ACCOUNT_OPS_API_KEY: required',
        `COINW_ACCOUNT_DESK_A_SECRET_KEY: required (or coinw.desk-a.secret_key in ${partialFile})`,
        'COINW_ACCOUNT_DESK_B_SECRET_KEY: required',
      ],
    ],
  ])('%s', (_, source, expected) => expect(problems(source)).toEqual(expected));

  it('a file that does not parse: no quoted text of it in the message (it holds secrets)', () => {
    const yaml = file('quoting.yaml', 'coinw: {desk-a: {api_key: s3cr3t-k3y-value}}}\n');
    const json = file('quoting.json', '{"coinw": {"desk-a": {"api_key": "s3cr3t-k3y-value" x}}}');
    const [fromYaml] = problems({ CANCELQ_ACCOUNTS_FILE: yaml });
    const [fromJson] = problems({ CANCELQ_ACCOUNTS_FILE: json });
    // YAML quotes the token it met ("}"); newer Nodes quote the JSON around the error.
    expect(fromYaml).toMatch(/not valid YAML: Unexpected flow-map-end token in YAML stream: "…"/);
    for (const line of [fromYaml, fromJson]) expect(line).not.toContain('s3cr3t');
  });

  it('a YAML syntax error, with its line', () => {
    const at = file('syntax.yaml', 'coinw:\n  desk-a: [unclosed\n');
    const [line] = problems({ CANCELQ_ACCOUNTS_FILE: at });
    expect(line).toMatch(
      new RegExp(`^CANCELQ_ACCOUNTS_FILE: ${at}: not valid YAML: .* at line \\d+`),
    );
  });
});

describe('accountVariable', () => {
  it.each([
    ['coinw', 'desk-a', 'API_KEY', 'COINW_ACCOUNT_DESK_A_API_KEY'],
    ['coinw', 'default', 'API_KEY', 'COINW_API_KEY'],
    ['hypertrack', 'default', 'ACCOUNT_ID', 'HYPERTRACK_ACCOUNT_ID'],
    ['planet', 'ops-1', 'RATE_LIMIT', 'PLANET_ACCOUNT_OPS_1_RATE_LIMIT'],
  ] as const)('%s %s %s is %s', (provider, account, field, variable) =>
    expect(accountVariable(provider, account, field)).toBe(variable),
  );
});

describe('hasCredentials', () => {
  it('is true only when every credential field is set', () => {
    const accounts = read({ COINW_API_KEY: 'k', PLANET_API_KEY: 'p' });
    expect(accounts.coinw.map(hasCredentials)).toEqual([false]);
    expect(accounts.planet.map(hasCredentials)).toEqual([true]);
  });
});
