import type { ProviderId } from '@cancelq/contracts';
import { outcomeKeys } from './keys.ts';

/**
 * The cancellation indexes are sorted sets ordered by member (all scores 0): `<created ms>:<id>`,
 * so a page reads by range and a cursor is the last member it showed.
 */

/** Index member of a cancellation: sorts by creation time, then id. */
export function indexMember(createdMs: number, id: string): string {
  return `${String(createdMs).padStart(15, '0')}:${id}`;
}

/** The newest index member that retention has already removed. */
export function expiredIndexBound(nowMs: number, retentionMs: number): string {
  return `(${String(Math.max(0, nowMs - retentionMs)).padStart(15, '0')}`;
}

export function idOfMember(member: string): string {
  return member.slice(member.indexOf(':') + 1);
}

export function encodeCursor(member: string): string {
  return Buffer.from(member).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const member = Buffer.from(cursor, 'base64url').toString();
  if (!/^\d{15}:[\w-]+$/.test(member)) throw new InvalidCursorError();
  return member;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this API returned');
  }
}

/** Anything that can queue or send a ZREMRANGEBYLEX: a connection, or a MULTI being built. */
interface IndexTrimmer {
  zremrangebylex(key: string, min: string, max: string): unknown;
}

/**
 * Drops the entries retention has expired from the global index and the given providers'
 * indexes: what an acceptance does in its transaction, and a worker's janitor on a quiet queue.
 * Returns what each command returned (promises on a connection), for the caller to await.
 */
export function trimExpiredIndexes(
  redis: IndexTrimmer,
  prefix: string,
  providers: Iterable<ProviderId>,
  nowMs: number,
  retentionMs: number,
): unknown[] {
  const keys = outcomeKeys(prefix);
  const bound = expiredIndexBound(nowMs, retentionMs);
  return [...providers, null].map((provider) =>
    redis.zremrangebylex(provider ? keys.providerIndex(provider) : keys.index, '-', bound),
  );
}
