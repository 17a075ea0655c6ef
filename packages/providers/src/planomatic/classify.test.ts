import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../http/http-client.ts';
import { providerFailure } from '../testing/provider-failure.ts';
import { classifyPlanomaticAnswer } from './classify.ts';

const answer = (status: number, body: unknown): HttpAnswer => ({
  status,
  body,
  retryAfterMs: null,
});
const invalid = (errors: { attr: string; message: string }[], message?: string) =>
  answer(400, { code: 400, status: 'validation-error', errors, ...(message ? { message } : {}) });

const failure = (a: HttpAnswer) => providerFailure(() => classifyPlanomaticAnswer(a));

describe('classifyPlanomaticAnswer', () => {
  it('2xx cancels', () => {
    expect(classifyPlanomaticAnswer(answer(201, { code: 201, status: 'canceled' }))).toEqual({
      outcome: 'cancelled',
      detail: null,
    });
  });

  it.each(['api_token', 'api_key'])('a %s refusal is final and names the settings', (attr) => {
    const error = failure(invalid([{ attr, message: 'unauthorized' }]));
    expect(error.retry).toBe('never');
    expect(error.message).toContain(`${attr}: unauthorized`);
    expect(error.message).toContain('PLANOMATIC_API_TOKEN');
  });

  it('not cancelable → not_cancellable with the reason; already canceled → cancelled', () => {
    const reason =
      'Order 654321 is scheduled; only new_request, ordered or scheduling orders without a confirmed appointment can be canceled';
    expect(
      classifyPlanomaticAnswer(invalid([{ attr: 'order_id', message: 'not_cancelable' }], reason)),
    ).toEqual({
      outcome: 'not_cancellable',
      detail: reason,
    });
    expect(
      classifyPlanomaticAnswer(
        invalid(
          [{ attr: 'order_id', message: 'not_cancelable' }],
          'Order 654321 is canceled; only …',
        ),
      ),
    ).toEqual({ outcome: 'cancelled', detail: 'already canceled' });
  });

  it.each(['order_id', 'request_id'])('an unrecognized %s is not found', (attr) => {
    expect(classifyPlanomaticAnswer(invalid([{ attr, message: 'unrecognized' }])).outcome).toBe(
      'not_found',
    );
  });

  it('other validation errors are final, listing every one', () => {
    const error = failure(
      invalid([
        { attr: 'notes', message: 'too_long' },
        { attr: 'cancelation_reason', message: 'unrecognized' },
      ]),
    );
    expect(error.retry).toBe('never');
    expect(error.message).toBe(
      'PlanOmatic rejected the request (notes: too_long, cancelation_reason: unrecognized)',
    );
  });

  // The not-cancelable and unknown-order bodies are undocumented (providers.md §2 [UNKNOWN]):
  // every reasonable wording, in every place a body may carry it, must read the same.
  describe('undocumented refusal wording', () => {
    type Shape = [
      name: string,
      build: (words: string) => HttpAnswer,
      detail: (w: string) => string,
    ];
    const onAttr = (attr: string): Shape => [
      `errors[] on ${attr}`,
      (words) => invalid([{ attr, message: words }]),
      (words) => `${attr}: ${words}`,
    ];
    const shapes: Shape[] = [
      onAttr('order_id'),
      onAttr('request_id'),
      onAttr('base'),
      ['top-level message, empty errors', (words) => invalid([], words), (words) => words],
      [
        'top-level message beside a slug error',
        (words) => invalid([{ attr: 'order_id', message: 'invalid' }], words),
        (words) => words,
      ],
      ['409 with only a message', (words) => answer(409, { message: words }), (words) => words],
      [
        '422 with only a message',
        (words) => answer(422, { code: 422, status: 'unprocessable', message: words }),
        (words) => words,
      ],
      ['a JSON string body', (words) => answer(400, words), (words) => words],
      [
        'a text body',
        (words) => ({ status: 400, body: undefined, text: words, retryAfterMs: null }),
        (words) => words,
      ],
    ];
    const rows = (wordings: string[]) =>
      wordings.flatMap((words) =>
        shapes.map(
          ([shape, build, detail]) => [words, shape, build(words), detail(words)] as const,
        ),
      );

    it.each(
      rows([
        'not cancelable',
        'not cancellable',
        'not_cancelable',
        'Not Cancellable',
        'order_not_cancelable',
        'Order cannot be canceled',
        "Order can't be cancelled",
        'Order 654321 is not in a cancelable status',
        'Order is no longer cancelable',
        'non-cancelable',
        'not-cancellable',
        'This order can no longer be canceled',
      ]),
    )('%j in %s → not_cancellable, in its words', (_words, _shape, said, detail) => {
      expect(classifyPlanomaticAnswer(said)).toEqual({ outcome: 'not_cancellable', detail });
    });

    it.each(
      rows([
        'Order 654321 is canceled; only new_request orders can be canceled',
        'Order is already cancelled',
        'already_canceled',
        'This order has already been canceled',
        'Order status: cancelled',
      ]),
    )('%j in %s → cancelled (a retry after a lost answer)', (_words, _shape, said) => {
      expect(classifyPlanomaticAnswer(said)).toEqual({
        outcome: 'cancelled',
        detail: 'already canceled',
      });
    });

    it.each(
      ['order_id', 'request_id'].flatMap((attr) =>
        [
          'unrecognized',
          'not found',
          'not_found',
          'Order does not exist',
          "Order doesn't exist",
          'unknown',
          'Unknown order',
          'No such order',
        ].map((words) => [attr, words] as const),
      ),
    )('%s: %j → not_found', (attr, words) => {
      expect(classifyPlanomaticAnswer(invalid([{ attr, message: words }]))).toEqual({
        outcome: 'not_found',
        detail: `PlanOmatic does not know this ${attr}`,
      });
    });

    // Unknown words must end failed with PlanOmatic's own words, never as a guess; negated
    // "cancelled" and unknown-id words on other fields are not a refusal.
    it.each([
      [
        'an unknown refusal on order_id, with a message',
        invalid([{ attr: 'order_id', message: 'locked' }], 'Order is locked by the scheduler'),
        'PlanOmatic rejected the request (order_id: locked): Order is locked by the scheduler',
      ],
      [
        '"not cancelled" on order_id',
        invalid([{ attr: 'order_id', message: 'Order was not cancelled' }]),
        'PlanOmatic rejected the request (order_id: Order was not cancelled)',
      ],
      [
        '"could not be cancelled" as the message',
        invalid([], 'Order could not be cancelled'),
        'HTTP 400: validation-error: Order could not be cancelled',
      ],
      [
        '"The operation was canceled" on 409',
        answer(409, { message: 'The operation was canceled.' }),
        'HTTP 409: The operation was canceled.',
      ],
      [
        '"Unknown error" on order_id',
        invalid([{ attr: 'order_id', message: 'Unknown error' }]),
        'PlanOmatic rejected the request (order_id: Unknown error)',
      ],
      [
        '"not found" on another field',
        invalid([{ attr: 'billing_entity_slug', message: 'not found' }]),
        'PlanOmatic rejected the request (billing_entity_slug: not found)',
      ],
      [
        'a 404 slug (a wrong URL, not an unknown order)',
        answer(404, { code: 404, status: 'not-found' }),
        'HTTP 404: not-found',
      ],
      [
        'a text body we cannot read',
        { status: 400, body: undefined, text: 'Bad Request', retryAfterMs: null },
        'HTTP 400: Bad Request',
      ],
      ['an empty 422', answer(422, undefined), 'HTTP 422'],
    ])('%s → never, in PlanOmatic’s words', (_what, said, message) => {
      const error = failure(said);
      expect(error.retry).toBe('never');
      expect(error.message).toBe(message);
    });
  });

  it('429 slows down; 500 application-crash and other 5xx retry', () => {
    expect(failure(answer(429, { code: 429, status: 'rate-limit-exceeded' }))).toMatchObject({
      retry: 'throttled',
      message: 'HTTP 429: rate-limit-exceeded',
    });
    expect(failure(answer(500, { code: 500, status: 'application-crash' }))).toMatchObject({
      retry: 'later',
      message: 'HTTP 500: application-crash',
    });
    expect(failure(answer(503, undefined)).retry).toBe('later');
  });
});
