import type { Redis } from 'ioredis';
import {
  targetIdsOf,
  type Cancellation,
  type CancellationRequest,
  type CancellationState,
  type CancellationSummary,
  type ProviderId,
  type Resolution,
} from '@cancelq/contracts';
import { metricsKeys, outcomeKeys } from './keys.ts';
import { RESOLVE_TARGETS_LUA } from './resolve-targets.lua.ts';
import { orderedTargets, summaryFromFields } from './outcome-record.ts';

/** A change to one target: a final outcome, or `pending` with only attempts counted. */
export interface TargetUpdate {
  id: string;
  outcome: Resolution['outcome'] | 'pending';
  detail?: string | null;
  /** Provider calls that named this target since the last update. */
  attempts?: number;
  /** The job whose provider call carried the target (a shared call serves many cancellations). */
  call?: string;
}

export interface ResolveExtras {
  /** Change in work not represented by targets (Planet's cancel-all call: -1 once it answered). */
  openDelta?: number;
  /** Cancellations the provider reported only as a count. */
  anonymousCancelled?: number;
  /** The provider has now told how many targets there are. */
  totalKnown?: boolean;
}

export interface ListQuery {
  provider?: ProviderId;
  state?: CancellationState;
  limit: number;
  cursor?: string;
}

type ResolveCommand = (
  record: string,
  targets: string,
  outcomesCounted: string,
  now: string,
  retentionMs: number,
  updates: string,
  openDelta: number,
  anonymous: number,
  totalKnown: string,
) => Promise<[CancellationState, number, number] | -1>;

/** Reads and updates the per-cancellation outcome records. */
export class OutcomeStore {
  private readonly keys;
  private readonly metrics;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly retentionMs: number,
  ) {
    this.keys = outcomeKeys(prefix);
    this.metrics = metricsKeys(prefix);
    redis.defineCommand('cancelqResolveTargets', { numberOfKeys: 3, lua: RESOLVE_TARGETS_LUA });
  }

  /** Applies results; returns the cancellation's state afterwards, or null if it has expired. */
  async resolve(
    cancellationId: string,
    updates: TargetUpdate[],
    extras: ResolveExtras = {},
  ): Promise<{ state: CancellationState; pending: number } | null> {
    const command = (this.redis as unknown as { cancelqResolveTargets: ResolveCommand })
      .cancelqResolveTargets;
    const result = await command.call(
      this.redis,
      this.keys.record(cancellationId),
      this.keys.targets(cancellationId),
      this.metrics.outcomes,
      new Date().toISOString(),
      this.retentionMs,
      JSON.stringify(updates),
      extras.openDelta ?? 0,
      extras.anonymousCancelled ?? 0,
      extras.totalKnown ? '1' : '0',
    );
    if (result === -1) return null;
    return { state: result[0], pending: Number(result[1]) };
  }

  async get(id: string): Promise<Cancellation | null> {
    const [fields, stored] = await Promise.all([
      this.redis.hgetall(this.keys.record(id)),
      this.redis.hgetall(this.keys.targets(id)),
    ]);
    if (!fields.id) return null;
    const summary = summaryFromFields(fields);
    const requestIds = targetIdsOf(summary.request as unknown as CancellationRequest);
    return { ...summary, targets: orderedTargets(requestIds, stored) };
  }

  async getSummary(id: string): Promise<CancellationSummary | null> {
    const fields = await this.redis.hgetall(this.keys.record(id));
    return fields.id ? summaryFromFields(fields) : null;
  }

  /**
   * Newest first. The index is ordered by its members (`<created ms, padded>:<id>`), so a
   * cursor is exact even for cancellations created in the same millisecond. A state filter scans
   * on in bounded steps, because state is not indexed (it changes as targets resolve).
   */
  async list(
    query: ListQuery,
  ): Promise<{ items: CancellationSummary[]; nextCursor: string | null }> {
    const index = query.provider ? this.keys.providerIndex(query.provider) : this.keys.index;
    let from = query.cursor ? `(${decodeCursor(query.cursor)}` : '+';
    const items: CancellationSummary[] = [];
    const step = Math.max(query.limit, 50);
    for (let scanned = 0; scanned < query.limit * 20 + 1_000; scanned += step) {
      const page = await this.redis.zrevrangebylex(index, from, '-', 'LIMIT', 0, step);
      if (page.length === 0) return { items, nextCursor: null };
      const summaries = await Promise.all(
        page.map((member) => this.getSummary(idOfMember(member))),
      );
      for (const [i, summary] of summaries.entries()) {
        const member = page[i] as string;
        from = `(${member}`;
        if (!summary || (query.state && summary.state !== query.state)) continue;
        items.push(summary);
        if (items.length === query.limit) return { items, nextCursor: encodeCursor(member) };
      }
    }
    // Scanned as far as one request may: hand back where to go on, even with a short page.
    return { items, nextCursor: encodeCursor(from.slice(1)) };
  }
}

/** Index member of a cancellation: sorts by creation time, then id. */
export function indexMember(createdMs: number, id: string): string {
  return `${String(createdMs).padStart(15, '0')}:${id}`;
}

/** The newest index member that retention has already removed. */
export function expiredIndexBound(nowMs: number, retentionMs: number): string {
  return `(${String(Math.max(0, nowMs - retentionMs)).padStart(15, '0')}`;
}

function idOfMember(member: string): string {
  return member.slice(member.indexOf(':') + 1);
}

function encodeCursor(member: string): string {
  return Buffer.from(member).toString('base64url');
}

function decodeCursor(cursor: string): string {
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
