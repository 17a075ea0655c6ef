import { JsonNumber, parseLosslessJson, type LosslessJson } from './lossless-json.ts';
import type { CoinwRequest } from './read-request.ts';

export type Params = { [key: string]: LosslessJson };

/** Query keys that carry a list: `sourceIds=a,b`, repeated `sourceIds=a&sourceIds=b`, or `sourceIds[]=a`. */
const LIST_KEYS = new Set(['sourceIds']);

/**
 * A call's parameters. CoinW's official sample sends DELETE parameters as a JSON body; CoinW.Net
 * sends them in the query string (spec §3). Both are accepted: a non-empty body is the
 * parameters, else the query is. Numbers keep their source text (see lossless-json.ts).
 */
export function readParams(request: CoinwRequest): { params: Params } | { error: string } {
  if (request.rawBody.length === 0) return { params: queryParams(request.rawQuery ?? '') };
  const parsed = parseBody(request.rawBody);
  if (parsed === undefined) return { error: 'body is not valid JSON' };
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    parsed instanceof JsonNumber
  ) {
    return { error: 'body must be a JSON object' };
  }
  return { params: parsed };
}

function parseBody(rawBody: Buffer): LosslessJson | undefined {
  try {
    return parseLosslessJson(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}

function queryParams(rawQuery: string): Params {
  const params: Params = Object.create(null) as Params;
  const lists = new Map<string, string[]>();
  for (const [rawKey, value] of new URLSearchParams(rawQuery)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    if (LIST_KEYS.has(key)) {
      const list = lists.get(key) ?? [];
      list.push(...(value === '' ? [] : value.split(',')));
      lists.set(key, list);
    } else {
      params[key] = value;
    }
  }
  for (const [key, list] of lists) params[key] = list;
  return params;
}

/** An id as the client wrote it: a string as-is, a number by its source text; else null. */
export function idText(value: LosslessJson | undefined): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.raw;
  return null;
}
