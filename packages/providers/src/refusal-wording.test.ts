import { describe, expect, it } from 'vitest';
import { answerWords, readRefusal, saysNotFound } from './refusal-wording.ts';

describe('readRefusal', () => {
  it.each([
    'Order 654321 is canceled; only new_request, ordered or scheduling orders can be canceled',
    'Order is already cancelled',
    'order already canceled',
    'This order has already been canceled',
    'Order afe85e41-58b6-4e5c-9b47-0d4c7e2c8b1a was cancelled',
    'The order has been cancelled',
    'already_canceled',
    'ORDER_ALREADY_CANCELLED',
    'order status: canceled',
    'Order status is cancelled',
    'Order is in a cancelled state',
    'Order cannot be canceled: it is already cancelled',
  ])('%j → already_cancelled', (words) => {
    expect(readRefusal(words)).toBe('already_cancelled');
  });

  it.each([
    'not cancelable',
    'not cancellable',
    'not_cancelable',
    'order_not_cancelable',
    'NOT CANCELLABLE',
    'Order is not cancelable',
    'non-cancelable',
    'Non-Cancellable order',
    'not-cancellable',
    'noncancellable',
    'uncancelable',
    'Order cannot be canceled',
    'Order can not be cancelled',
    "can't be cancelled",
    'Order can’t be canceled',
    'Order 654321 is not in a cancelable status',
    'Order not in a cancellable state',
    'Order is not currently cancellable',
    'no longer cancelable',
    'This order can no longer be canceled',
    'After an order moves into a running state, it may no longer be cancelled',
    'Order is not eligible for cancellation',
    'Order is already completed',
    'order already delivered',
    'Order is already running',
    'Order has been completed',
    'Order cannot be cancelled once delivered',
  ])('%j → not_cancellable', (words) => {
    expect(readRefusal(words)).toBe('not_cancellable');
  });

  // False positives: a negated or unrelated "cancel" must not read as a refusal, least of all
  // as a success.
  it.each([
    'Order was not cancelled',
    'order not cancelled',
    'Order is not canceled',
    'Order was not already cancelled',
    'Order could not be cancelled, please retry',
    'The operation was canceled.',
    'A task was canceled.',
    'Request cancelled by the client',
    'Order 654321 is scheduled; only new_request orders can be canceled',
    'Order can be cancelled',
    'cancelable',
    'Internal error, please retry',
    'Order not found',
    'Unknown error',
    'Order is not completed',
    '',
  ])('%j → null', (words) => {
    expect(readRefusal(words)).toBeNull();
  });
});

describe('saysNotFound', () => {
  it.each([
    'unrecognized',
    'Unrecognised.',
    'unknown',
    'not found',
    'not_found',
    'Order not found',
    'Order 654321 does not exist',
    "order doesn't exist",
    'nonexistent order',
    'No such order ID: 1.',
    'Unknown order',
    'unknown order_id',
    'Order could not be found',
  ])('%j → not found', (words) => {
    expect(saysNotFound(words)).toBe(true);
  });

  it.each([
    'Unknown error',
    'unknown failure, please retry',
    'Internal error, please retry',
    'found',
    'Order not cancellable',
    'missing',
  ])('%j → not a not-found', (words) => {
    expect(saysNotFound(words)).toBe(false);
  });
});

describe('answerWords', () => {
  it('collects a string body, every message-like field, then the text excerpt', () => {
    expect(answerWords({ status: 400, body: ' said ', retryAfterMs: null })).toEqual(['said']);
    expect(
      answerWords({
        status: 409,
        body: { title: 'Conflict', detail: 'Order is already cancelled', message: '', code: 1 },
        retryAfterMs: null,
      }),
    ).toEqual(['Conflict', 'Order is already cancelled']);
    expect(
      answerWords({ status: 502, body: undefined, text: 'Bad Gateway', retryAfterMs: null }),
    ).toEqual(['Bad Gateway']);
    expect(answerWords({ status: 400, body: { detail: {} }, retryAfterMs: null })).toEqual([]);
  });
});
