import type { SimCall, SimCalls, SimLimit } from '../src/control/sim-types.ts';
import { COINW_KEY, COINW_SECRET, SINGLE, startCoinwSim } from './coinw-helpers.ts';
import { basic, KEY, startTestSim, unknownId } from './helpers.ts';
import { ACCOUNT_ID, basicAuth, SECRET_KEY, startHypertrackSim } from './hypertrack-helpers.ts';
import { cancelBody, startPlanomaticSim, TOKEN } from './planomatic-helpers.ts';

/**
 * Each simulated provider behind one shape, for what accounts give all four alike: a window
 * and orders of their own. Account `n`'s credentials are derived from its name; `stranger`'s
 * are never configured.
 */
export interface AccountsSim {
  /** The provider's default limit, what an account without `limit` gets. */
  defaultLimit: SimLimit;
  /** Replaces the accounts besides `default`, credentials derived from the names. */
  setAccounts(accounts: { name: string; limit?: Partial<SimLimit> }[]): Promise<void>;
  setLimit(limit: Partial<SimLimit> & { account?: string }): Promise<SimLimit>;
  limit(account?: string): Promise<SimLimit>;
  calls(options?: { account?: string }): Promise<SimCalls>;
  reset(): Promise<void>;
  /** A fresh cancellable order of `account` (absent: `default`). */
  newOrder(account?: string): Promise<string>;
  /** An id no account has. */
  unknownId(): string;
  /** One cancel of `id`, made with `account`'s credentials as a correct client makes it. */
  cancel(id: string, account: string): Promise<Answer>;
  succeeded(answer: Answer): boolean;
  isCancelled(id: string): Promise<boolean>;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  /** The body as sent. */
  text: string;
}

/** An answer that names `id`, with the id blanked: two such answers for two ids compare. */
export const sameAnswerFor = (answer: Answer, id: string) => ({
  status: answer.status,
  text: answer.text.replaceAll(id, '<id>'),
});

export const isThrottled = (answer: Answer) =>
  answer.status === 429 || answer.text.includes('"code":29001');

/** A call record of a throttled answer: HTTP 429, or CoinW's code 29001 under any status. */
export const throttledCall = (call: SimCall & { code?: number | null }) =>
  call.status === 429 || call.code === 29001;

const read = async (res: Response): Promise<Answer> => ({
  status: res.status,
  text: await res.text(),
});

const key = (account: string, base: string) =>
  account === 'default' ? base : `${base}-${account}`;

export const EVERY_PROVIDER_ACCOUNTS: [string, () => Promise<AccountsSim>][] = [
  [
    'planet',
    async () => {
      const t = await startTestSim({ limit: 'default' });
      return {
        ...common(t.sim, { max: 10, duration_ms: 1000 }),
        setAccounts: async (accounts) => {
          await t.sim.setAccounts(accounts.map((a) => ({ ...a, api_key: key(a.name, KEY) })));
        },
        newOrder: async (account) => (await t.sim.createOrders({ count: 1 }, { account }))[0]!.id,
        unknownId,
        cancel: async (id, account) =>
          read(await t.api('PUT', `/orders/v2/${id}`, { auth: basic(key(account, KEY)) })),
        succeeded: (answer) => answer.status === 200,
        isCancelled: async (id) => (await t.sim.getOrder(id))?.state === 'cancelled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'coinw',
    async () => {
      const t = await startCoinwSim({ limit: 'default' });
      const creds = (name: string) => ({
        api_key: key(name, COINW_KEY),
        secret_key: key(name, COINW_SECRET),
      });
      return {
        ...common(t.sim, { max: 10, duration_ms: 1000 }),
        setAccounts: async (accounts) => {
          await t.sim.setAccounts(accounts.map((a) => ({ ...a, ...creds(a.name) })));
        },
        newOrder: async (account) => (await t.sim.createOrders({ count: 1 }, { account }))[0]!.id,
        unknownId: () => String(900_000_000_000_000_000n + BigInt(Date.now())),
        cancel: async (id, account) => {
          const { api_key: apiKey, secret_key: secret } = creds(account);
          return read(await t.api('DELETE', SINGLE, { body: { id }, apiKey, secret }));
        },
        succeeded: (answer) => answer.text === '{"code":0,"msg":""}',
        isCancelled: async (id) => (await t.statusOf(id)) === 'cancelled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'planomatic',
    async () => {
      const t = await startPlanomaticSim({ limit: 'default' });
      return {
        ...common(t.sim, { max: 100, duration_ms: 60_000 }),
        setAccounts: async (accounts) => {
          await t.sim.setAccounts(accounts.map((a) => ({ ...a, api_token: key(a.name, TOKEN) })));
        },
        newOrder: async (account) =>
          (await t.sim.createOrders({ count: 1 }, { account }))[0]!.order_id,
        unknownId: () => '987654321987',
        cancel: async (id, account) =>
          read(await t.cancel(cancelBody({ order_id: id }, { api_token: key(account, TOKEN) }))),
        succeeded: (answer) => answer.status === 201,
        isCancelled: async (id) => (await t.sim.getOrder(id))?.status === 'canceled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'hypertrack',
    async () => {
      const t = await startHypertrackSim({ limit: 'default' });
      const auth = (name: string) => basicAuth(key(name, ACCOUNT_ID), key(name, SECRET_KEY));
      return {
        ...common(t.sim, { max: 10, duration_ms: 1000 }),
        setAccounts: async (accounts) => {
          await t.sim.setAccounts(
            accounts.map((a) => ({
              ...a,
              account_id: key(a.name, ACCOUNT_ID),
              secret_key: key(a.name, SECRET_KEY),
            })),
          );
        },
        newOrder: async (account) =>
          (await t.sim.createOrders({ count: 1 }, { account }))[0]!.order_handle,
        unknownId: () => 'no-such-handle',
        cancel: async (handle, account) =>
          read(await t.cancel(handle, undefined, { auth: auth(account) })),
        succeeded: (answer) => answer.status === 200,
        isCancelled: async (handle) =>
          (await t.sim.getOrder(handle))?.attempts.at(-1)?.legs[0]?.status === 'cancelled',
        stop: () => t.stop(),
      };
    },
  ],
];

interface CommonControls {
  setLimit: AccountsSim['setLimit'];
  limit: AccountsSim['limit'];
  calls: AccountsSim['calls'];
  reset: AccountsSim['reset'];
}

function common(sim: CommonControls, defaultLimit: SimLimit) {
  return {
    defaultLimit,
    setLimit: sim.setLimit,
    limit: sim.limit,
    calls: sim.calls,
    reset: sim.reset,
  };
}
