import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../src/common/max-in-window.ts';
import {
  EVERY_PROVIDER_ACCOUNTS,
  isThrottled,
  sameAnswerFor,
  throttledCall,
  type AccountsSim,
} from './every-provider-accounts.ts';

let t: AccountsSim;
afterEach(() => t.stop());

const MINUTE = 60_000;

describe.each(EVERY_PROVIDER_ACCOUNTS)('%s accounts', (_name, start) => {
  it('gives each account its own window; a key nobody has counts in default’s', async () => {
    t = await start();
    await t.setLimit({ max: 2, duration_ms: MINUTE });
    await t.setAccounts([
      { name: 'desk-a', limit: { max: 3, duration_ms: MINUTE } },
      { name: 'desk-b' },
    ]);
    const id = t.unknownId();
    const throttled = async (account: string, n: number) => {
      const answers = [];
      for (let i = 0; i < n; i++) answers.push(isThrottled(await t.cancel(id, account)));
      return answers;
    };

    expect(await throttled('desk-a', 5)).toEqual([false, false, false, true, true]);
    // desk-a's 429s took nothing from default or desk-b.
    expect(await throttled('default', 3)).toEqual([false, false, true]);
    expect(await throttled('desk-b', 1)).toEqual([false]);
    // An unknown key is refused by auth, but first counted in default's (full) window.
    expect(await throttled('stranger', 1)).toEqual([true]);

    expect(await t.limit('desk-a')).toEqual({ max: 3, duration_ms: MINUTE });
    expect(await t.limit('desk-b')).toEqual(t.defaultLimit);
    expect(await t.limit()).toEqual({ max: 2, duration_ms: MINUTE });
    const deskA = await t.calls({ account: 'desk-a' });
    expect(deskA).toMatchObject({ count: 5, count_429: 2, limit: { max: 3 } });
    expect(deskA.calls.every((c) => c.account === 'desk-a')).toBe(true);
    expect(await t.calls({ account: 'default' })).toMatchObject({ count: 3, count_429: 1 });
    const all = await t.calls();
    expect(all.calls.map((c) => c.account)).toEqual([
      ...Array<string>(5).fill('desk-a'),
      ...Array<string>(3).fill('default'),
      'desk-b',
      null,
    ]);
  });

  it('keeps concurrent accounts within their own limits, whatever the others do', async () => {
    t = await start();
    await t.setAccounts([
      { name: 'desk-a', limit: { max: 4, duration_ms: MINUTE } },
      { name: 'desk-b', limit: { max: 6, duration_ms: MINUTE } },
    ]);
    const id = t.unknownId();
    const burst = (account: string) =>
      Promise.all(Array.from({ length: 10 }, () => t.cancel(id, account)));
    const [a, b] = await Promise.all([burst('desk-a'), burst('desk-b')]);
    expect(a.filter((x) => !isThrottled(x)).length).toBe(4);
    expect(b.filter((x) => !isThrottled(x)).length).toBe(6);
    for (const [account, max] of [
      ['desk-a', 4],
      ['desk-b', 6],
    ] as const) {
      const { calls } = await t.calls({ account });
      const admitted = calls.filter((c) => !throttledCall(c));
      expect(
        maxInWindow(
          admitted.map((c) => c.at_ms),
          MINUTE,
        ),
      ).toBe(max);
    }
  });

  it('hides an order from every other account: answered exactly as an unknown id', async () => {
    t = await start();
    await t.setAccounts([{ name: 'desk-a' }]);
    const mine = await t.newOrder('desk-a');
    const theirs = await t.newOrder();
    const unknown = t.unknownId();

    const foreign = await t.cancel(mine, 'default');
    expect(sameAnswerFor(foreign, mine)).toEqual(
      sameAnswerFor(await t.cancel(unknown, 'default'), unknown),
    );
    expect(t.succeeded(foreign)).toBe(false);
    expect(await t.isCancelled(mine)).toBe(false);
    const back = await t.cancel(theirs, 'desk-a');
    expect(sameAnswerFor(back, theirs)).toEqual(
      sameAnswerFor(await t.cancel(unknown, 'desk-a'), unknown),
    );
    expect(await t.isCancelled(theirs)).toBe(false);

    expect(t.succeeded(await t.cancel(mine, 'desk-a'))).toBe(true);
    expect(t.succeeded(await t.cancel(theirs, 'default'))).toBe(true);
    expect([await t.isCancelled(mine), await t.isCancelled(theirs)]).toEqual([true, true]);
  });

  it('returns to the start accounts on reset', async () => {
    t = await start();
    await t.setAccounts([{ name: 'desk-a', limit: { max: 1 } }]);
    await t.setLimit({ max: 1 });
    await t.reset();
    expect(await t.limit()).toEqual(t.defaultLimit);
    await expect(t.limit('desk-a')).rejects.toThrow(/400.*unknown account desk-a/);
    // desk-a's key is unknown again: refused by auth, logged without an account.
    expect(t.succeeded(await t.cancel(t.unknownId(), 'desk-a'))).toBe(false);
    expect((await t.calls()).calls.map((c) => c.account)).toEqual([null]);
  });
});
