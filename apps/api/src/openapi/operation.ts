import type { z } from 'zod';

/** The document's groups of operations (see TAGS in document.ts). */
export type OperationTag = 'cancellations' | 'operations' | 'reference';

/**
 * Every route of the API with the zod schemas of what it takes and answers: the OpenAPI document
 * is generated from this table, and its test validates the document's examples with these
 * same schemas. `auth` names the security scheme; `examples` are shown in the reference page.
 */
export interface Operation {
  method: 'get' | 'post';
  /** OpenAPI path (`{id}` style). */
  path: string;
  summary: string;
  /** Unique: what generated clients name the method (`createCancellation`). */
  operationId: string;
  tag: OperationTag;
  auth: 'bearer' | 'basic' | null;
  request?: { schema: z.ZodType; examples: Record<string, unknown> };
  query?: z.ZodObject;
  pathParams?: z.ZodObject;
  headers?: z.ZodObject;
  responses: Record<
    string,
    { description: string; schema?: z.ZodType; media?: string; examples?: Record<string, unknown> }
  >;
}
