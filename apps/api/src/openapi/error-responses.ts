import { errorBodySchema } from '@cancelq/contracts';
import { outcomeUnknownAnswer } from '../http/answers.ts';

/** The error answers operations share, as the OpenAPI document describes them. */
export const errors = {
  '400': {
    description: 'Malformed JSON or a schema violation; nothing was enqueued.',
    schema: errorBodySchema,
  },
  '401': { description: 'Missing or wrong bearer token.', schema: errorBodySchema },
  '503': { description: 'Redis unreachable; nothing was written.', schema: errorBodySchema },
};

/** What a POST that accepts work may also answer. */
export const acceptErrors = {
  '409': {
    description: 'The Idempotency-Key was used with another body (or is still in flight).',
    schema: errorBodySchema,
  },
  '413': { description: 'Body over 1 MiB.', schema: errorBodySchema },
  '415': { description: 'Content-Type is not JSON.', schema: errorBodySchema },
  '503': {
    description:
      '`unavailable`: Redis unreachable, nothing was written. `outcome_unknown`: the write went ' +
      'out but Redis did not confirm it in time, so it may have been applied (or be applied ' +
      'later); retry with the same Idempotency-Key to learn which, without enqueueing twice.',
    schema: errorBodySchema,
    examples: {
      unavailable: {
        error: 'unavailable',
        message: 'the queue store is unavailable; nothing was written',
      },
      outcomeUnknown: outcomeUnknownAnswer(true).body,
    },
  },
};
