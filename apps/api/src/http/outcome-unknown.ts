/**
 * How ioredis refuses a command it never wrote: the API's connection has no offline queue, so
 * with Redis away a command fails at once instead of waiting to be sent later. The second is a
 * Redis Cluster client's, while it knows no reachable node (redis-cluster.ts).
 */
const NEVER_SENT = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Cluster isn't ready and enableOfflineQueue options is false",
];

/**
 * The acceptance transaction may have reached Redis, but no answer came back: ioredis gave up
 * waiting ("Command timed out"), or the connection closed after the write. Redis may have applied
 * it, or may still: a paused Redis reads it when it resumes, and ioredis itself resends unanswered
 * commands after a reconnect. So the caller must not be told that nothing was written.
 */
export class OutcomeUnknownError extends Error {
  override readonly name = 'OutcomeUnknownError';

  constructor(
    cause: unknown,
    /** The request carried an Idempotency-Key, so repeating it with that key is safe. */
    readonly idempotent: boolean,
  ) {
    super(`outcome unknown: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Whether a failed acceptance transaction may still have been applied. Only two failures prove
 * it was not: ioredis refusing to write it, and an error answer from Redis (then the transaction
 * was discarded, or ran and failed: an outcome that is known, handled like any Redis error).
 * Anything else counts as unknown, because claiming "nothing was written" when something was is
 * what makes a caller without an Idempotency-Key send the work twice.
 */
export function mayHaveBeenWritten(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  return !NEVER_SENT.includes(error.message) && error.name !== 'ReplyError';
}
