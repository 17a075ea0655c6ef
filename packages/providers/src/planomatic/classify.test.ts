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
