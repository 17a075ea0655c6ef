import type { z } from 'zod';
import { CancelqUnexpectedAnswerError } from './errors.ts';
import type { HttpAnswer } from './send-once.ts';
import { DEFAULT_ACCOUNT } from './vocabulary.ts';

/** Issues beyond these would bury the first ones, and one is enough to know the shape is off. */
const MAX_ISSUES = 5;

/**
 * Checks a 2xx body with its reader and returns the body itself, typed: the document exactly
 * as the API sent it (fields this client does not know included, in the API's order), so a
 * caller can print or forward it as it came. The readers transform nothing, so the body is
 * what the reader's type says.
 */
export function readAnswer<T>(reader: z.ZodType<T>, answer: HttpAnswer): T {
  const parsed = reader.safeParse(answer.body);
  if (!parsed.success) {
    const { method, url, status } = answer;
    throw new CancelqUnexpectedAnswerError({
      status,
      code: 'unexpected_answer',
      message: `unexpected answer from ${method} ${url} (HTTP ${status}): not the documented shape`,
      issues: parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
      method,
      url,
    });
  }
  return answer.body as T;
}

/**
 * An API older than accounts sends no `account`: everything there was the default account's.
 * Filling it in is the one change the client makes to an answer.
 */
export function withDefaultAccount(document: unknown): void {
  if (document !== null && typeof document === 'object' && !('account' in document)) {
    (document as Record<string, unknown>).account = DEFAULT_ACCOUNT;
  }
}
