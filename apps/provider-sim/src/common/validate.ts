import { BadRequest } from './bad-request.ts';

/**
 * Minimal body validation for the admin surface. The simulator imports nothing of ours (it
 * plays the outside world), so no shared schemas here; each helper names the field it rejects.
 */
export type Json = Record<string, unknown>;

export function asObject(value: unknown, what = 'body'): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest(`${what} must be a JSON object`);
  }
  return value as Json;
}

export function optionalNumber(
  body: Json,
  key: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BadRequest(`${key} must be a number`);
  }
  if (integer && !Number.isInteger(value)) throw new BadRequest(`${key} must be an integer`);
  if (value < min || value > max) throw new BadRequest(`${key} must be between ${min} and ${max}`);
  return value;
}

/** A number, `null` (explicitly "never"), or absent (`undefined`). */
export function optionalNullableNumber(body: Json, key: string): number | null | undefined {
  if (body[key] === null) return null;
  return optionalNumber(body, key);
}

export function optionalBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new BadRequest(`${key} must be a boolean`);
  return value;
}

export function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequest(`${key} must be a string`);
  return value;
}

export function optionalEnum<T extends string>(
  body: Json,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BadRequest(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalArray(body: Json, key: string): unknown[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BadRequest(`${key} must be an array`);
  return value as unknown[];
}
