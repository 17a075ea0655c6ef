import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { OPERATIONS, type Operation, type OperationTag } from './operations.ts';

/** The groups a generated client or reference page sorts operations into. */
const TAGS: { name: OperationTag; description: string }[] = [
  { name: 'cancellations', description: 'Ask for cancellations and read their outcomes.' },
  { name: 'operations', description: 'Health, readiness, metrics and Bull Board.' },
  { name: 'reference', description: 'This document and its interactive reference.' },
];

/** The OpenAPI 3.1 document, generated from the zod schemas the API validates with. */
export function createOpenApiDocument(version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: toOpenApi(operation) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'cancelq',
      version,
      description:
        'Durable, rate-limited order cancellation at external providers (Planet, PlanOmatic, CoinW, HyperTrack).',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'CANCELQ_API_TOKEN' },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'CANCELQ_BOARD_USER / CANCELQ_BOARD_PASSWORD',
        },
      },
    },
    tags: TAGS,
    paths,
  });
}

function toOpenApi(operation: Operation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const media = response.media ?? 'application/json';
    responses[status] = {
      description: response.description,
      ...(response.schema || response.media
        ? {
            content: {
              [media]: {
                ...(response.schema ? { schema: response.schema } : {}),
                ...(response.examples ? { examples: asExamples(response.examples) } : {}),
              },
            },
          }
        : {}),
    };
  }
  return {
    summary: operation.summary,
    operationId: operation.operationId,
    tags: [operation.tag],
    ...(operation.auth ? { security: [{ [operation.auth]: [] }] } : { security: [] }),
    ...(operation.query || operation.pathParams || operation.headers
      ? {
          requestParams: {
            ...(operation.query ? { query: operation.query } : {}),
            ...(operation.pathParams ? { path: operation.pathParams } : {}),
            ...(operation.headers ? { header: operation.headers } : {}),
          },
        }
      : {}),
    ...(operation.request
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: operation.request.schema,
                examples: asExamples(operation.request.examples),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

function asExamples(examples: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }]));
}
