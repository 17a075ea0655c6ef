import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../http/http-client.ts';
import { providerFailure } from '../testing/provider-failure.ts';
import { classifyHypertrackAnswer } from './classify.ts';
import { hypertrackCancelUrl } from './hypertrack-client.ts';

const answer = (status: number, body: unknown): HttpAnswer => ({
  status,
  body,
  retryAfterMs: null,
});

const failure = (a: HttpAnswer) => providerFailure(() => classifyHypertrackAnswer(a));

describe('classifyHypertrackAnswer', () => {
  it('200 with status cancelled cancels', () => {
    expect(
      classifyHypertrackAnswer(answer(200, { order_handle: 'o', status: 'cancelled' })),
    ).toEqual({
      outcome: 'cancelled',
      detail: null,
    });
  });
  it('404 is not found, with HyperTrack’s words', () => {
    expect(
      classifyHypertrackAnswer(answer(404, { detail: {}, message: 'Order not found' })),
    ).toEqual({
      outcome: 'not_found',
      detail: 'Order not found',
    });
  });
  it('a state conflict is not cancellable, unless it was already cancelled', () => {
    expect(
      classifyHypertrackAnswer(answer(409, { detail: {}, message: 'Order is already completed' })),
    ).toEqual({ outcome: 'not_cancellable', detail: 'Order is already completed' });
    expect(
      classifyHypertrackAnswer(answer(409, { detail: {}, message: 'Order is already cancelled' })),
    ).toEqual({ outcome: 'cancelled', detail: 'already cancelled' });
  });
  it('422 is final with the validation detail', () => {
    const error = failure(
      answer(422, {
        detail: { query: { type: ['must be one of: drop, pick'] } },
        message: 'Validation error',
      }),
    );
    expect(error.retry).toBe('never');
    expect(error.message).toBe('HTTP 422: query.type: must be one of: drop, pick');
  });
  it.each([
    [401, 'never'],
    [403, 'never'],
    [429, 'throttled'],
    [500, 'later'],
    [503, 'later'],
  ])('HTTP %d → %s', (status, retry) => {
    expect(failure(answer(status, { detail: {}, message: 'x' })).retry).toBe(retry);
  });
});

describe('hypertrackCancelUrl', () => {
  it('encodes the handle as one path segment and adds only the selectors given', () => {
    expect(hypertrackCancelUrl({ orderHandle: 'a/b c?d#e%f' })).toBe(
      '/orders/a%2Fb%20c%3Fd%23e%25f/cancel',
    );
    expect(
      hypertrackCancelUrl({ orderHandle: 'ü', type: 'pick', typeIndex: 0, fulfillmentAttempt: 2 }),
    ).toBe('/orders/%C3%BC/cancel?type=pick&type_index=0&fulfillment_attempt=2');
  });
});
