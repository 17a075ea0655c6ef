import type { BenchConfig } from './config.ts';
import type { DrainLimit } from './drain-specs.ts';
import { progress } from './harness/log.ts';
import { admittedArrivals, throttled } from './harness/sim-record.ts';
import { startStack, type BenchStack } from './harness/stack.ts';
import { spread, type Spread } from './harness/stats.ts';
import { waitFor } from '@cancelq/test-utils';

/** Aggregate calls/s must reach this share of the sum of the accounts' limits. */
export const ACCOUNTS_TARGET = 0.95;
/** Every account's limit, ours and the simulator's alike. */
const LIMIT: DrainLimit = { max: 10, duration_ms: 1_000 };
const IDS_PER_CALL = 20;

export interface AccountsRun {
  /** Admitted calls ÷ (accounts × limit), in the whole windows while every account was busy. */
  ratio: number;
  calls: number;
  seconds: number;
  /** The most calls of one account in any sliding window, over every account. */
  max_in_window: number;
  count_429: number;
  /** Calls that presented no configured account's key, or carried another account's order. */
  misattributed: number;
}

export interface AccountsRow {
  accounts: number;
  limit: DrainLimit;
  ids_per_account: number;
  /** `accounts × limit`, calls/s: what the ratio divides by. */
  ceiling_per_s: number;
  ratio: Spread;
  seconds: Spread;
  max_in_window: number;
  count_429: number;
  misattributed: number;
  runs: AccountsRun[];
  target: number;
  met: boolean;
}

/** `default` and `acct-01`…: the CoinW accounts of a run with `count` accounts. */
function accountNames(count: number): string[] {
  return [
    'default',
    ...Array.from({ length: count - 1 }, (_, i) => `acct-${String(i + 1).padStart(2, '0')}`),
  ];
}

/** cancelq's variables for the accounts: the names, and each one's credentials. */
function accountsEnv(names: string[]): Record<string, string> {
  const others = names.filter((name) => name !== 'default');
  const env: Record<string, string> = {
    COINW_RATE_LIMIT: `${LIMIT.max}/${LIMIT.duration_ms}ms`,
  };
  if (others.length > 0) env.COINW_ACCOUNTS = others.join(',');
  for (const name of others) {
    const upper = name.toUpperCase().replaceAll('-', '_');
    env[`COINW_ACCOUNT_${upper}_API_KEY`] = `bench-coinw-key-${name}`;
    env[`COINW_ACCOUNT_${upper}_SECRET_KEY`] = `bench-coinw-secret-${name}`;
  }
  return env;
}

/**
 * Many CoinW accounts at 10/1s each, one worker process: every account drains a backlog of its
 * own at once, and the simulator counts each account's calls in its own window. The figure is
 * the aggregate rate over the sum of the limits: accounts must add up, not share one limit.
 */
export async function accountsBench(config: BenchConfig): Promise<AccountsRow[]> {
  const { counts, idsPerAccount } = config.accounts;
  const rows: AccountsRow[] = [];
  const runs = new Map<number, AccountsRun[]>();
  for (let run = 0; run < config.runs; run += 1) {
    for (const count of counts) {
      const names = accountNames(count);
      const stack = await startStack({ workers: 1, env: accountsEnv(names) });
      try {
        const result = await drainAll(stack, names, idsPerAccount);
        runs.set(count, [...(runs.get(count) ?? []), result]);
        progress(`accounts ${count} run ${run + 1}: ${JSON.stringify(result)}`);
      } finally {
        await stack.close();
      }
    }
  }
  for (const count of counts) {
    const measured = runs.get(count) ?? [];
    const ratio = spread(measured.map((r) => r.ratio));
    const maxInWindow = Math.max(...measured.map((r) => r.max_in_window));
    const misattributed = measured.reduce((sum, r) => sum + r.misattributed, 0);
    rows.push({
      accounts: count,
      limit: LIMIT,
      ids_per_account: idsPerAccount,
      ceiling_per_s: (count * LIMIT.max * 1_000) / LIMIT.duration_ms,
      ratio,
      seconds: spread(measured.map((r) => r.seconds)),
      max_in_window: maxInWindow,
      count_429: measured.reduce((sum, r) => sum + r.count_429, 0),
      misattributed,
      runs: measured,
      target: ACCOUNTS_TARGET,
      met: ratio.median >= ACCOUNTS_TARGET && maxInWindow <= LIMIT.max && misattributed === 0,
    });
  }
  return rows;
}

async function drainAll(stack: BenchStack, names: string[], ids: number): Promise<AccountsRun> {
  const coinw = stack.sim.coinw;
  const owned = new Map<string, string>();
  const orders = await Promise.all(
    names.map(async (account) => {
      const created = await coinw.createOrders({ count: ids }, { account });
      for (const order of created) owned.set(order.id, account);
      return { account, ids: created.map((o) => o.id) };
    }),
  );
  await Promise.all(
    orders.map(({ account, ids: sourceIds }) =>
      stack.api.expect(202, 'POST', '/v1/cancellations', {
        provider: 'coinw',
        ...(account === 'default' ? {} : { account }),
        source_ids: sourceIds,
      }),
    ),
  );
  const calls = names.length * Math.ceil(ids / IDS_PER_CALL);
  await waitFor(async () => admittedArrivals(await coinw.calls()).length >= calls, {
    timeoutMs: (calls / names.length) * 400 + 60_000,
    intervalMs: 500,
    what: `${names.length} accounts drained`,
  });
  const record = await coinw.calls();
  const arrivals = admittedArrivals(record);
  const perAccount = await Promise.all(names.map((account) => coinw.calls({ account })));
  const misattributed = record.calls.filter(
    (call) => call.account === null || call.ids.some((id) => owned.get(id) !== call.account),
  ).length;
  return {
    ratio: allBusyShare(perAccount.map(admittedArrivals), arrivals),
    calls: arrivals.length,
    seconds: ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1_000,
    max_in_window: Math.max(...perAccount.map((calls) => calls.max_in_window)),
    count_429: record.calls.filter(throttled).length,
    misattributed,
  };
}

/**
 * Calls/s ÷ the sum of the limits while every account had work: over the whole windows from the
 * last account's first call to the first account's last. The requests are accepted one after
 * another, so the accounts start (and end) a little apart; outside that span fewer accounts are
 * busy, and that is the API's acceptance, not the accounts' pace.
 */
function allBusyShare(perAccount: number[][], all: number[]): number {
  const start = Math.max(...perAccount.map((calls) => calls[0] ?? Infinity));
  const end = Math.min(...perAccount.map((calls) => calls.at(-1) ?? -Infinity));
  const windows = Math.floor((end - start) / LIMIT.duration_ms);
  if (!(windows >= 1)) return Number.NaN;
  const inSpan = all.filter((at) => at >= start && at < start + windows * LIMIT.duration_ms);
  return inSpan.length / (windows * LIMIT.max * perAccount.length);
}
