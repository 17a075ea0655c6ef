import type { ChainableCommander } from 'ioredis';
import type { ProviderId } from '@cancelq/contracts';
import { defineScript } from './define-script.ts';
import { outcomeKeys } from './keys.ts';
import { PENDING_KEPT_MS, tracksPending } from './record-expiry.ts';
import type { RedisConnection } from './redis.ts';

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

/**
 * What trimExpiredIndexes runs with a retention under a week: a MULTI that trims is made with it
 * (multiWith). Keys: pending-since, then the indexes. Args: the retention's bound, the week's.
 */
export const indexTrimScript = defineScript<string[], [number, number], number>({
  name: 'cancelqTrimIndexes',
  file: 'trim-indexes.lua',
});

/**
 * Drops the entries retention has expired from the given providers' indexes (and, with
 * `legacy`, from the index older versions kept of every cancellation): what an acceptance does
 * in its transaction, and a worker's janitor on a quiet queue. With a retention under a week,
 * never past the oldest cancellation still pending (lua/trim-indexes.lua); else a ZREMRANGEBYLEX
 * an index. Returns what each command returned (promises on a connection), for the caller to
 * await.
 */
export function trimExpiredIndexes(
  redis: RedisConnection | ChainableCommander,
  prefix: string,
  providers: Iterable<ProviderId>,
  nowMs: number,
  retentionMs: number,
  options: { legacy?: boolean } = {},
): unknown[] {
  const keys = outcomeKeys(prefix);
  const indexes = [...providers].map(keys.providerIndex);
  if (options.legacy) indexes.push(keys.legacyIndex);
  if (tracksPending(retentionMs)) {
    const bounds: [number, number] = [
      Math.max(0, Math.floor(nowMs - retentionMs)),
      Math.floor(nowMs - PENDING_KEPT_MS),
    ];
    // The script runs on either (define-script.ts); the cast picks one of its typed overloads.
    return [indexTrimScript(redis as ChainableCommander, [keys.pendingSince, ...indexes], bounds)];
  }
  const bound = expiredIndexBound(nowMs, retentionMs);
  return indexes.map((index) => redis.zremrangebylex(index, '-', bound));
}

/** Anything that can read an index by range. */
interface IndexReader {
  zrevrangebylex(
    key: string,
    max: string,
    min: string,
    limit: 'LIMIT',
    offset: number,
    count: number,
  ): Promise<string[]>;
}

/**
 * The `count` newest members below `from` (exclusive, `(member`; or `+`) across `indexes`,
 * newest first, and whether there may be more. Each cancellation is in one provider's index,
 * so a list of every provider merges the providers' pages rather than keeping a second index
 * of everything.
 */
export async function newestMembers(
  redis: IndexReader,
  indexes: readonly string[],
  from: string,
  count: number,
): Promise<{ members: string[]; more: boolean }> {
  const pages = await Promise.all(
    indexes.map((index) => redis.zrevrangebylex(index, from, '-', 'LIMIT', 0, count)),
  );
  // Members compare as Redis orders them: byte by byte (ASCII digits, ':', the id).
  const merged = pages.flat().sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return { members: merged.slice(0, count), more: merged.length >= count };
}
