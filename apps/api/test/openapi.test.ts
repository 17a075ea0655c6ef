import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCancellationRequest } from '@cancelq/contracts';
import { OPERATIONS } from '../src/openapi/operations.ts';
import { startApi, type TestApi } from './harness.ts';

let api: TestApi;
let document: OpenApiDocument;

interface MediaObject {
  schema?: object;
  examples?: Record<string, { value: unknown }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, MediaObject> };
        responses: Record<string, { content?: Record<string, MediaObject> }>;
      }
    >
  >;
}

beforeAll(async () => {
  api = await startApi({ label: 'openapi' });
  const res = await api.fetch('/openapi.json');
  expect(res.status).toBe(200);
  document = (await res.json()) as OpenApiDocument;
});
afterAll(async () => api.close());

/** Express's own routing table: `METHOD /path` for every route, and `GET /mount` for mounts. */
function routesOf(app: Express): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    rawPath?: string;
    name: string;
    handle: { stack?: Layer[] };
  }
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.add(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.name === 'router' && layer.handle.stack && layer.rawPath !== '/') {
        walk(layer.handle.stack, `${prefix}${layer.rawPath ?? ''}`);
      } else if (layer.rawPath && layer.rawPath !== '/') {
        // Middleware mounted under a path (Bull Board, the reference page) serves GET there.
        found.add(`GET ${prefix}${layer.rawPath}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found].map((route) => route.replace(/:(\w+)/g, '{$1}')).sort();
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('documents every route the API serves, and no route it does not serve', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(routesOf(api.app));
  });

  it('names every operation uniquely and files it under a declared tag, for generated clients', () => {
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string; tags?: string[] }>),
    );
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const { tags = [] } = document as { tags?: { name: string }[] };
    const declared = new Set(tags.map((tag) => tag.name));
    for (const operation of operations) {
      expect(operation.tags).toHaveLength(1);
      expect(declared.has(operation.tags?.[0] ?? '')).toBe(true);
    }
    expect(ids).toEqual(
      expect.arrayContaining(['createCancellation', 'getCancellation', 'listCancellations']),
    );
  });

  it('has examples that the API’s own schemas accept', () => {
    let checked = 0;
    for (const operation of OPERATIONS) {
      const item = document.paths[operation.path]?.[operation.method];
      expect(item, `${operation.method} ${operation.path}`).toBeDefined();
      const requestExamples = Object.values(
        item?.requestBody?.content['application/json']?.examples ?? {},
      );
      for (const { value } of requestExamples) {
        checked += 1;
        if (operation.path === '/v1/cancellations') {
          // What the API really runs: the shape picked by `provider`, refinements included.
          expect(parseCancellationRequest(value).success, JSON.stringify(value)).toBe(true);
        }
        expect(operation.request?.schema.safeParse(value).success, JSON.stringify(value)).toBe(
          true,
        );
      }
      for (const [status, response] of Object.entries(item?.responses ?? {})) {
        const schema = operation.responses[status]?.schema;
        for (const media of Object.values(response.content ?? {})) {
          for (const { value } of Object.values(media.examples ?? {})) {
            checked += 1;
            expect(schema, `${operation.path} ${status} has a schema`).toBeDefined();
            const parsed = schema?.safeParse(value);
            expect(parsed?.success, `${operation.path} ${status}: ${parsed?.error?.message}`).toBe(
              true,
            );
          }
        }
      }
    }
    // Every example declared beside the schemas reached the document, and was checked.
    const declared = OPERATIONS.flatMap((operation) => [
      ...Object.values(operation.request?.examples ?? {}),
      ...Object.values(operation.responses).flatMap((r) => Object.values(r.examples ?? {})),
    ]);
    expect(checked).toBe(declared.length);
    expect(checked).toBeGreaterThan(10);
  });

  it('has examples that its own JSON Schemas accept, as a client generator would read them', async () => {
    // The zod check above proves the examples against what the API runs; this one proves the
    // document says the same: a zod → JSON Schema translation slip would fail here.
    const resolved = (await SwaggerParser.dereference(
      structuredClone(document) as never,
    )) as unknown as OpenApiDocument;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: its plugin is `default` of the module; typed against its own ajv.
    (addFormats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
    let checked = 0;
    for (const [path, item] of Object.entries(resolved.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const media = [
          ...Object.values(operation.requestBody?.content ?? {}).map(
            (m) => ['request', m] as const,
          ),
          ...Object.entries(operation.responses).flatMap(([status, response]) =>
            Object.values(response.content ?? {}).map((m) => [status, m] as const),
          ),
        ];
        for (const [where, { schema, examples }] of media) {
          for (const [name, { value }] of Object.entries(examples ?? {})) {
            expect(schema, `${method} ${path} ${where} has a schema`).toBeDefined();
            const validate = ajv.compile(schema ?? {});
            expect(
              validate(value),
              `${method} ${path} ${where} example ${name}: ${ajv.errorsText(validate.errors)}`,
            ).toBe(true);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('is served without auth, with an interactive reference page at /docs', async () => {
    const page = await api.fetch('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('swagger-ui');
    const init = await api.fetch('/docs/swagger-ui-init.js');
    expect(await init.text()).toContain('/v1/cancellations/batch');
  });
});
