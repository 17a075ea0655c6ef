import { errorBodySchema, healthSchema } from '@cancelq/contracts';
import { CANCELLATION_OPERATIONS } from './cancellation-operations.ts';
import type { Operation } from './operation.ts';

export type { Operation, OperationTag } from './operation.ts';

/** Both metrics endpoints take CANCELQ_METRICS_TOKEN, not the API token, and only when it is set. */
const METRICS_UNAUTHORIZED = {
  description: 'CANCELQ_METRICS_TOKEN is set and was not presented as a bearer token.',
  schema: errorBodySchema,
};

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
    path: '/metrics/process',
    summary: 'Prometheus metrics of this API process (scrape every replica)',
    operationId: 'getProcessMetrics',
    tag: 'operations',
    auth: null,
    responses: {
      '200': {
        description:
          'Prometheus text exposition format: CPU, memory, event loop and GC of the replica that answers, under the standard Node names (`process_cpu_seconds_total`…). Asks for CANCELQ_METRICS_TOKEN as a bearer token when it is set.',
        media: 'text/plain',
      },
      '401': METRICS_UNAUTHORIZED,
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of the whole fleet, from Redis (scrape once)',
    operationId: 'getMetrics',
    tag: 'operations',
    auth: null,
    responses: {
      '200': {
        description:
          'Prometheus text exposition format: queue depths, provider calls by status, call latency, rate-limit slow-downs and waits, the pace in force and outcomes by kind, per provider and account. Read from Redis, so every replica answers the same numbers: scrape it once, through the service, never per replica. Asks for CANCELQ_METRICS_TOKEN as a bearer token when it is set.',
        media: 'text/plain',
      },
      '401': METRICS_UNAUTHORIZED,
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
