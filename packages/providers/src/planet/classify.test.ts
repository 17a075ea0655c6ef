import { describe, expect, it } from 'vitest';
import {
  classifyBulkFailure,
  classifyBulkResult,
  NOT_CANCELLABLE_MESSAGE,
  outcomeOfState,
} from './classify.ts';
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

// Only "Order not in a cancellable state" is documented (providers.md §1); other per-order
// messages are [UNKNOWN], so their reasonable variants read the same.
describe('classifyBulkFailure wording', () => {
  it.each([
    NOT_CANCELLABLE_MESSAGE,
    'ORDER NOT IN A CANCELLABLE STATE',
    'Order is not cancellable',
    'order not cancelable',
    'Order cannot be cancelled',
    "Order can't be canceled",
    'Order not in a cancelable state',
    'Order is no longer cancellable',
    'order_not_cancellable',
    'Order is already running',
    'Order is already cancelled',
  ])('%j → reconcile (the GET settles it)', (message) => {
    expect(classifyBulkFailure(message)).toBe('reconcile');
  });

  it.each([
    'No such order ID: 3f1c.',
    'Order not found',
    'order not_found',
    'Order does not exist',
    "Order doesn't exist",
    'Unknown order ID',
  ])('%j → not_found', (message) => {
    expect(classifyBulkFailure(message)).toBe('not_found');
  });

  // Reconciling an order still queued would record it not cancellable: words that do not
  // say the order's state stay transient.
  it.each([
    'Internal error, please retry',
    'Unknown error',
    'Order could not be cancelled, please retry',
    'Order was not cancelled',
    'The operation was canceled.',
    '',
  ])('%j → retry', (message) => {
    expect(classifyBulkFailure(message)).toBe('retry');
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
