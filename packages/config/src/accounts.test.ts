/** parseAccounts' readings of what it accepts (env and files); accountVariable; hasCredentials. */
import { describe, expect, it } from 'vitest';
import { accountVariable, hasCredentials, type Accounts } from './accounts.ts';
import {
  accountsFiles,
  DEFAULTS,
  DESK_A,
  FROM_FILE,
  read,
  type Source,
} from './accounts-fixtures.ts';

const { jsonFile, yamlFile, ymlFile, commentsOnly } = accountsFiles();

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
