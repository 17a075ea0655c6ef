/** parseAccounts' refusals: each problem named by its variable, or by its file and key. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Accounts } from './accounts.ts';
import { accountsFiles, DESK_A, read, type Source } from './accounts-fixtures.ts';
import { ConfigError } from './env.ts';

const { dir, file, jsonFile, partialFile, badFile } = accountsFiles();

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
