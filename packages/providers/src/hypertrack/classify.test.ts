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

  // The status of these refusals is unknown (providers.md §4): the message decides.
  it.each([400, 404, 409, 422])('HTTP %i "already cancelled" → cancelled', (status) => {
    for (const message of ['Order is already cancelled', 'order already canceled']) {
      expect(classifyHypertrackAnswer(answer(status, { detail: {}, message }))).toEqual({
        outcome: 'cancelled',
        detail: 'already cancelled',
      });
    }
  });

  it.each([400, 404, 409, 422])(
    'HTTP %i "already completed" or a state past cancelling → not_cancellable, in its words',
    (status) => {
      for (const message of [
        'Order is already completed',
        'Order not in a cancellable state',
        'Order is not cancelable',
        'Order cannot be cancelled once delivered',
      ]) {
        expect(classifyHypertrackAnswer(answer(status, { detail: {}, message }))).toEqual({
          outcome: 'not_cancellable',
          detail: message,
        });
      }
    },
  );

  // The refusal wording is undocumented (providers.md §4 [UNKNOWN]): variants read the same,
  // in every place a body may carry them, on every status HyperTrack may refuse with.
  describe('undocumented refusal wording', () => {
    type Shape = [name: string, build: (status: number, words: string) => HttpAnswer];
    const shapes: Shape[] = [
      ['{detail, message}', (status, words) => answer(status, { detail: {}, message: words })],
      [
        'RFC 7807 {title, detail}',
        (status, words) => answer(status, { status, title: 'Conflict', detail: words }),
      ],
      [
        'a text body',
        (status, words) => ({ status, body: undefined, text: words, retryAfterMs: null }),
      ],
    ];
    const rows = (wordings: string[]) =>
      [400, 404, 409, 422].flatMap((status) =>
        wordings.flatMap((words) =>
          shapes.map(([shape, build]) => [status, words, shape, build(status, words)] as const),
        ),
      );

    it.each(
      rows([
        'Order is non-cancellable',
        'Order cannot be canceled',
        "Order can't be cancelled",
        'Order is no longer cancellable',
        'Order is not in a cancellable state',
        'Order is not in a cancelable status',
        'order_not_cancellable',
        'Order is already delivered',
        'Order has been completed',
      ]),
    )('HTTP %i %j in %s → not_cancellable', (_status, words, _shape, said) => {
      expect(classifyHypertrackAnswer(said)).toEqual({ outcome: 'not_cancellable', detail: words });
    });

    it.each(
      rows([
        'Order has already been canceled',
        'ORDER ALREADY CANCELLED',
        'Order is cancelled',
        'order_already_cancelled',
      ]),
    )('HTTP %i %j in %s → cancelled', (_status, _words, _shape, said) => {
      expect(classifyHypertrackAnswer(said)).toEqual({
        outcome: 'cancelled',
        detail: 'already cancelled',
      });
    });

    // "not cancelled" is not "cancelled": these fall back on the status, never on success.
    it.each([
      [404, 'Order was not cancelled', { outcome: 'not_found', detail: 'Order was not cancelled' }],
      [409, 'Order not cancelled', { outcome: 'not_cancellable', detail: 'Order not cancelled' }],
      [
        400,
        'The operation was canceled.',
        { outcome: 'not_cancellable', detail: 'The operation was canceled.' },
      ],
    ] as const)('HTTP %i %j is not read as cancelled', (status, message, expected) => {
      expect(classifyHypertrackAnswer(answer(status, { detail: {}, message }))).toEqual(expected);
    });
    it('HTTP 422 "not cancelled" stays a validation failure, in its words', () => {
      expect(
        failure(answer(422, { detail: {}, message: 'Order was not cancelled' })),
      ).toMatchObject({ retry: 'never', message: 'HTTP 422: Order was not cancelled' });
    });
  });

  it('a message we do not know falls back on the status', () => {
    const said = (status: number) => answer(status, { detail: {}, message: 'Something else' });
    expect(classifyHypertrackAnswer(said(404))).toEqual({
      outcome: 'not_found',
      detail: 'Something else',
    });
    expect(classifyHypertrackAnswer(said(409))).toEqual({
      outcome: 'not_cancellable',
      detail: 'Something else',
    });
    expect(classifyHypertrackAnswer(said(400))).toEqual({
      outcome: 'not_cancellable',
      detail: 'Something else',
    });
    expect(failure(said(422))).toMatchObject({
      retry: 'never',
      message: 'HTTP 422: Something else',
    });
  });

  it('a body that says nothing falls back on the status too', () => {
    expect(classifyHypertrackAnswer(answer(404, undefined))).toEqual({
      outcome: 'not_found',
      detail: 'HyperTrack does not know this order',
    });
    expect(classifyHypertrackAnswer(answer(409, undefined))).toEqual({
      outcome: 'not_cancellable',
      detail: 'HTTP 409',
    });
    expect(
      classifyHypertrackAnswer({
        status: 409,
        body: undefined,
        text: 'Conflict',
        retryAfterMs: null,
      }),
    ).toEqual({ outcome: 'not_cancellable', detail: 'Conflict' });
  });

  it('field-level validation detail is a validation failure whatever the status', () => {
    const error = failure(
      answer(400, { detail: { query: { type_index: ['must be >= 0'] } }, message: 'Bad request' }),
    );
    expect(error).toMatchObject({
      retry: 'never',
      message: 'HTTP 400: query.type_index: must be >= 0',
    });
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
