import { errorBodySchema, healthSchema } from '@cancelq/contracts';
import { CANCELLATION_OPERATIONS } from './cancellation-operations.ts';
import type { Operation } from './operation.ts';

export type { Operation, OperationTag } from './operation.ts';

/**
 * Every route of the API with the zod schemas of what it takes and answers: the OpenAPI document
 * is generated from this table, and its test validates the document's examples with these
 * same schemas. `auth` names the security scheme; `examples` are shown in the reference page.
 */
export const OPERATIONS: Operation[] = [
  ...CANCELLATION_OPERATIONS,
  {
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    operationId: 'getHealth',
    tag: 'operations',
    auth: null,
    responses: {
      '200': { description: 'Up.', schema: healthSchema, examples: { ok: { status: 'ok' } } },
    },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Redis answers',
    operationId: 'getReadiness',
    tag: 'operations',
    auth: null,
    responses: {
      '200': {
        description: 'Ready.',
        schema: healthSchema,
        examples: { ready: { status: 'ready' } },
      },
      '503': {
        description: 'Redis does not answer, or the API is shutting down.',
        schema: errorBodySchema,
        examples: { shuttingDown: { error: 'unavailable', message: 'shutting down' } },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    operationId: 'getMetrics',
    tag: 'operations',
    auth: null,
    responses: {
      '200': { description: 'Prometheus text exposition format.', media: 'text/plain' },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    operationId: 'getOpenApiDocument',
    tag: 'reference',
    auth: null,
    responses: { '200': { description: 'OpenAPI 3.1.', media: 'application/json' } },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'Interactive reference of this document',
    operationId: 'getReference',
    tag: 'reference',
    auth: null,
    responses: { '200': { description: 'HTML page.', media: 'text/html' } },
  },
  {
    method: 'get',
    path: '/admin/queues',
    summary: 'Bull Board: one queue per provider, jobs, logs and outcomes',
    operationId: 'getBullBoard',
    tag: 'operations',
    auth: 'basic',
    responses: {
      '200': { description: 'HTML page.', media: 'text/html' },
      '401': { description: 'Missing or wrong Basic credentials.' },
    },
  },
];
