import { z } from 'zod';
import {
  acceptedBatchSchema,
  acceptedSchema,
  batchRequestSchema,
  cancellationListSchema,
  cancellationRequestSchema,
  cancellationSchema,
  CANCELLATION_STATES,
  errorBodySchema,
  PROVIDERS,
} from '@cancelq/contracts';
import { completedCancellation, EXAMPLE_ID, listPage, requestExamples } from './examples.ts';
import { acceptErrors, errors } from './error-responses.ts';
import type { Operation } from './operation.ts';

/** The operations on cancellations, for the OpenAPI document (see operations.ts). */

const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .meta({ description: 'Makes the call safe to repeat (1..255 printable characters).' }),
});

/** The operations on cancellations (tag `cancellations`). */
export const CANCELLATION_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/cancellations',
    summary: 'Accept a cancellation',
    operationId: 'createCancellation',
    tag: 'cancellations',
    auth: 'bearer',
    headers: idempotencyHeader,
    request: {
      schema: cancellationRequestSchema,
      examples: requestExamples,
    },
    responses: {
      '202': {
        description: 'Accepted: the work is safely in Redis.',
        schema: acceptedSchema,
        examples: {
          accepted: {
            id: EXAMPLE_ID,
            provider: 'coinw',
            account: 'default',
            state: 'queued',
            total: 1,
            links: { self: `/v1/cancellations/${EXAMPLE_ID}` },
          },
        },
      },
      '200': {
        description: 'A repeat with the same Idempotency-Key and body.',
        schema: acceptedSchema,
      },
      ...errors,
      ...acceptErrors,
    },
  },
  {
    method: 'post',
    path: '/v1/cancellations/batch',
    summary: 'Accept several cancellations, all or nothing',
    operationId: 'createCancellations',
    tag: 'cancellations',
    auth: 'bearer',
    headers: idempotencyHeader,
    request: {
      schema: batchRequestSchema,
      examples: {
        mixed: {
          cancellations: [
            { provider: 'planet', all_queued: true },
            { provider: 'hypertrack', order_handle: 'order-2' },
          ],
        },
      },
    },
    responses: {
      '202': { description: 'Every entry accepted, in order.', schema: acceptedBatchSchema },
      '200': {
        description: 'A repeat with the same Idempotency-Key and body.',
        schema: acceptedBatchSchema,
      },
      ...errors,
      '400': {
        description:
          'Any invalid entry: nothing is enqueued; issues name the entry (`cancellations.3.notes`).',
        schema: errorBodySchema,
        examples: {
          invalidEntry: {
            error: 'validation_error',
            message: 'cancellations.1.notes: must not be blank',
            issues: [{ path: 'cancellations.1.notes', message: 'must not be blank' }],
          },
        },
      },
      ...acceptErrors,
    },
  },
  {
    method: 'get',
    path: '/v1/cancellations/{id}',
    summary: 'Read a cancellation: state, summary, every target',
    operationId: 'getCancellation',
    tag: 'cancellations',
    auth: 'bearer',
    pathParams: z.object({ id: z.string() }),
    responses: {
      '200': {
        description: 'The cancellation.',
        schema: cancellationSchema,
        examples: { completed: completedCancellation },
      },
      '401': errors['401'],
      '404': { description: 'No cancellation with this id.', schema: errorBodySchema },
      '503': errors['503'],
    },
  },
  {
    method: 'get',
    path: '/v1/cancellations/{id}/events',
    summary: 'Follow a cancellation: Server-Sent Events until it is completed',
    operationId: 'streamCancellationEvents',
    tag: 'cancellations',
    auth: 'bearer',
    pathParams: z.object({ id: z.string() }),
    headers: z.object({
      'Last-Event-ID': z
        .string()
        .optional()
        .meta({ description: 'Resume after this event: the record is sent only if newer.' }),
    }),
    responses: {
      '200': {
        description:
          '`event: state` with the whole cancellation (as GET /v1/cancellations/{id}) at once, ' +
          'then at every change, each with `id:` its version; the stream ends after the ' +
          'completed one.',
        media: 'text/event-stream',
      },
      '401': errors['401'],
      '404': { description: 'No cancellation with this id.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/cancellations',
    summary: 'List cancellations, newest first',
    operationId: 'listCancellations',
    tag: 'cancellations',
    auth: 'bearer',
    query: z.object({
      provider: z.enum(PROVIDERS).optional(),
      state: z.enum(CANCELLATION_STATES).optional(),
      limit: z
        .number()
        .int()
        .min(1)
        .max(500)
        .optional()
        .meta({
          description:
            'Most entries on the page; default 50. A page may hold fewer (about 1 MiB of JSON at ' +
            'most; a `state` filter scans a bounded number per request): page on while ' +
            '`next_cursor` is not null.',
        }),
      cursor: z.string().optional().meta({ description: '`next_cursor` of the previous page.' }),
    }),
    responses: {
      '200': {
        description:
          'One page, newest first. Entries have no targets, and their `request` counts its ids ' +
          '(`order_ids_count`, `source_ids_count`) instead of listing them.',
        schema: cancellationListSchema,
        examples: { page: listPage },
      },
      '400': errors['400'],
      '401': errors['401'],
      '503': errors['503'],
    },
  },
];
