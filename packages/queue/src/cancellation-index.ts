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
