import { z } from 'zod';

/** What every provider's request and job schemas share; each provider folder builds on these. */

export const MAX_IDS_PER_CANCELLATION = 10_000;

/**
 * Where to POST the record once the cancellation completes (a completion webhook). Its target
 * rules (https, a public address) depend on the deployment, and are checked by the API.
 */
export const callbackUrl = z
  .string()
  .max(2_048)
  .refine((url) => URL.canParse(url), { message: 'must be an absolute URL' })
  .optional()
  .meta({ description: 'Completion webhook: POSTed the completed record, signed.' });

/** Duplicate ids inside one request are merged, keeping the first occurrence's position. */
export function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** A list of at least one element: the type that makes an empty Planet id list unrepresentable. */
export type NonEmptyArray<T> = [T, ...T[]];

export const nonEmptyIds = z.array(z.string().min(1)).min(1);
