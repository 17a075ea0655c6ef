import { z } from 'zod';
import { CANCELLATION_STATES, PROVIDERS } from '@cancelq/contracts';
import { InvalidCursorError } from '@cancelq/queue';
import type { ApiDeps } from '../deps.ts';
import { errorAnswer, issuesOf, validationAnswer, type Answer } from '../http/answers.ts';

/**
 * Cancellation ids are the UUIDs the API made. Anything else names no cancellation, and must
 * never reach a Redis key: `<uuid>:targets` would read a record's targets hash as a record.
 */
export const CANCELLATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function getCancellation(deps: ApiDeps, id: string): Promise<Answer> {
  const cancellation = CANCELLATION_ID.test(id) ? await deps.store.get(id) : null;
  return cancellation
    ? { status: 200, body: cancellation }
    : errorAnswer(404, 'not_found', 'no cancellation with this id');
}

const listQuery = z.strictObject({
  provider: z.enum(PROVIDERS).optional(),
  state: z.enum(CANCELLATION_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});

export async function listCancellations(deps: ApiDeps, query: unknown): Promise<Answer> {
  const parsed = listQuery.safeParse(query);
  if (!parsed.success) return validationAnswer(issuesOf(parsed.error));
  try {
    const { items, nextCursor } = await deps.store.list(parsed.data);
    return { status: 200, body: { cancellations: items, next_cursor: nextCursor } };
  } catch (error) {
    if (error instanceof InvalidCursorError)
      return validationAnswer([{ path: 'cursor', message: error.message }]);
    throw error;
  }
}
