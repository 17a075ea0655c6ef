import { describe, expect, it } from 'vitest';
import type { AcceptedRequest } from './accept.ts';
import { groupedAcceptance } from './accept-grouped.ts';

/** A request told apart by its idempotency answer (the acceptances do not matter here). */
const request = (name: string): AcceptedRequest => ({
  acceptances: [],
  idempotency: { keyHash: name, value: name },
});
const names = (group: readonly AcceptedRequest[]) => group.map((r) => r.idempotency?.keyHash);
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

function recordingWrites(fail?: (group: readonly AcceptedRequest[]) => Error | undefined) {
  const groups: (string | undefined)[][] = [];
  const accept = groupedAcceptance((group) => {
    groups.push(names(group));
    const error = fail?.(group);
    return error ? Promise.reject(error) : Promise.resolve();
  });
  return { groups, accept };
}

describe('groupedAcceptance', () => {
  it('writes the requests of one turn in one transaction, in the order they came', async () => {
    const { groups, accept } = recordingWrites();
    await Promise.all([accept(request('a')), accept(request('b')), accept(request('c'))]);
    expect(groups).toEqual([['a', 'b', 'c']]);
  });

  it('does not hold a lone request past its turn, and a later turn has a transaction of its own', async () => {
    const { groups, accept } = recordingWrites();
    const first = accept(request('a'));
    await endOfTurn();
    expect(groups).toEqual([['a']]);
    await first;
    await accept(request('b'));
    expect(groups).toEqual([['a'], ['b']]);
  });

  it('fails every request of a failed transaction with its error, and only those', async () => {
    const broken = new Error('EXECABORT');
    const { accept } = recordingWrites((group) =>
      names(group).includes('a') ? broken : undefined,
    );
    const results = await Promise.allSettled([accept(request('a')), accept(request('b'))]);
    expect(results).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'rejected', reason: broken },
    ]);
    await expect(accept(request('c'))).resolves.toBeUndefined();
  });

  it('splits a turn of more than 100 requests into transactions of at most 100', async () => {
    const { groups, accept } = recordingWrites();
    await Promise.all(Array.from({ length: 150 }, (_, i) => accept(request(`r${i}`))));
    expect(groups.map((group) => group.length)).toEqual([100, 50]);
    expect(groups.flat()).toEqual(Array.from({ length: 150 }, (_, i) => `r${i}`));
  });
});
