import { BadRequest } from '../common/bad-request.ts';
import type { Json } from '../common/validate.ts';

// PlanOmatic admin body fields the shared validators do not cover. Like them, each names the
// field it rejects, so a test with a typo fails with a message rather than a silently ignored value.

// Safe integers without leading zeros, so "654321" and 654321 name the same order.
const ORDER_ID = /^[1-9]\d{0,14}$/;

/** An order id given as a numeric string or a positive integer, as its canonical string. */
export function optionalOrderId(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !ORDER_ID.test(text)) {
    throw new BadRequest(`${key} must be a positive integer or a string of digits`);
  }
  return text;
}

/** Rejects keys outside `known`: an admin call that misspells a field must not half-apply. */
export function onlyKeys(body: Json, known: readonly string[], what = 'body'): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) {
      throw new BadRequest(`unknown field ${key} in ${what}; known: ${known.join(', ')}`);
    }
  }
}
