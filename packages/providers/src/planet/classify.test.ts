import { describe, expect, it } from 'vitest';
import { classifyBulkFailure, classifyBulkResult, outcomeOfState } from './classify.ts';
import { planetBulkCancelBody } from './bulk-body.ts';

describe('classifyBulkResult', () => {
  it('counts every requested id Planet did not name as cancelled', () => {
    const verdicts = classifyBulkResult(['a', 'b', 'c', 'd'], {
      succeeded: 1,
      failures: [
        { orderId: 'b', message: 'Order not in a cancellable state' },
        { orderId: 'c', message: 'No such order ID: c.' },
        { orderId: 'D', message: 'Internal hiccup' },
      ],
    });
    expect(verdicts.map((v) => [v.id, v.verdict])).toEqual([
      ['a', 'cancelled'],
      ['b', 'reconcile'],
      ['c', 'not_found'],
      ['d', 'retry'],
    ]);
  });
  it('treats unknown failure messages as transient', () => {
    expect(classifyBulkFailure('something else')).toBe('retry');
    expect(classifyBulkFailure(' order not in a cancellable state ')).toBe('reconcile');
  });
});

describe('outcomeOfState', () => {
  it('settles a refused order by its state', () => {
    expect(outcomeOfState('cancelled')).toEqual({
      outcome: 'cancelled',
      detail: 'already cancelled',
    });
    expect(outcomeOfState('running')).toEqual({
      outcome: 'not_cancellable',
      detail: 'order is running, no longer queued',
    });
    expect(outcomeOfState(null).outcome).toBe('not_found');
  });
});

describe('planetBulkCancelBody', () => {
  it('sends {} only for all_queued', () => {
    expect(planetBulkCancelBody({ kind: 'all_queued' })).toEqual({});
    expect(planetBulkCancelBody({ kind: 'order_ids', orderIds: ['x'] })).toEqual({
      order_ids: ['x'],
    });
  });
  it('refuses an empty id list even when the type was forced', () => {
    expect(() =>
      planetBulkCancelBody({ kind: 'order_ids', orderIds: [] as unknown as [string] }),
    ).toThrow(/empty order_ids/);
  });
});
