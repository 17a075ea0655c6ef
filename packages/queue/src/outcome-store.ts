import type { RedisConnection } from './redis.ts';
import {
  targetIdsOf,
  type Cancellation,
  type CancellationRequest,
  type CancellationState,
  type CancellationSummary,
} from '@cancelq/contracts';
import { metricsKeys, outcomeKeys } from './keys.ts';
import {
  resolveTargets,
  type CallWrites,
  type ResolveExtras,
  type TargetUpdate,
} from './resolve-targets.ts';
import { ListPages, type ListQuery } from './list-pages.ts';
import { splitRecordHash } from './stored-target.ts';
import { orderedTargets, recordFromFields, summaryJsonOf } from './outcome-record.ts';

/** Reads and updates the per-cancellation outcome records. */
export class OutcomeStore {
  private readonly keys;
  private readonly metrics;
  private readonly pages: ListPages;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly retentionMs: number,
    /**
     * Every completion has a webhook (CANCELQ_WEBHOOK_URL with webhooks on), not only those of
     * requests with a `callback_url`: each goes to the webhook outbox.
     */
    private readonly webhookForEvery = false,
  ) {
    this.keys = outcomeKeys(prefix);
    this.metrics = metricsKeys(prefix);
    this.pages = new ListPages(redis, prefix);
    resolveTargets.defineOn(redis);
  }

  /**
   * Applies results; returns the cancellation's state afterwards, or null if it has expired.
   * `call`: what the call that brought them leaves to write (its job log lines, the limiter's
   * note of its answer), in the same round trip.
   */
  async resolve(
    cancellationId: string,
    updates: TargetUpdate[],
    extras: ResolveExtras = {},
    call: CallWrites = {},
  ): Promise<{ state: CancellationState; pending: number } | null> {
    const now = new Date();
    const { log, answered } = call;
    const keys = [
      this.keys.record(cancellationId),
      this.keys.targets(cancellationId),
      this.metrics.outcomes,
      this.keys.webhookOutbox,
      this.keys.request(cancellationId),
      this.keys.pendingSince,
    ] as const;
    const withAnswered = answered ? ([...keys, ...answered.keys] as const) : keys;
    const result = await resolveTargets(
      this.redis,
      log ? [...withAnswered, log.jobKey, `${log.jobKey}:logs`] : [...withAnswered],
      [
        now.toISOString(),
        this.retentionMs,
        JSON.stringify(updates),
        extras.openDelta ?? 0,
        extras.anonymousCancelled ?? 0,
        extras.totalKnown ? '1' : '0',
        this.keys.events,
        cancellationId,
        now.getTime(),
        this.webhookForEvery ? '1' : '0',
        answered?.args[0] ?? '',
        answered?.args[1] ?? 0,
        ...(log?.lines ?? []),
      ],
    );
    if (result === -1) return null;
    return { state: result[0], pending: Number(result[1]) };
  }

  async get(id: string): Promise<Cancellation | null> {
    return (await this.getVersioned(id))?.cancellation ?? null;
  }

  /**
   * The cancellation and its record's version (how many times it has changed; 0: never), read
   * together in one transaction: an event stream must never pair a record with another version.
   */
  async getVersioned(id: string): Promise<{ cancellation: Cancellation; version: number } | null> {
    const replies = await this.redis
      .multi()
      .hgetall(this.keys.record(id))
      .hgetall(this.keys.targets(id))
      .get(this.keys.request(id))
      .exec();
    const [hash, legacyTargets, ownKey] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [Record<string, string> | undefined, Record<string, string> | undefined, string | null];
    const { fields, targets } = splitRecordHash(hash ?? {}, legacyTargets);
    // Every record has its provider (not its id: the key holds that), so none is an expired one.
    if (!fields.provider) return null;
    // Records written before the request had a key of its own keep it as a field; a request
    // without id arrays has none: its summary is the request (requestKeyValue).
    const request = JSON.parse(ownKey ?? fields.request ?? summaryJsonOf(fields) ?? '{}') as Record<
      string,
      unknown
    >;
    const requestIds = targetIdsOf(request as unknown as CancellationRequest);
    return {
      cancellation: {
        ...recordFromFields(id, fields, request),
        targets: orderedTargets(requestIds, targets, { id, createdAt: fields.created_at ?? '' }),
      },
      version: Number(fields.version ?? 0),
    };
  }

  /** The cancellation as a list page shows it: no targets, no id arrays. */
  getSummary(id: string): Promise<CancellationSummary | null> {
    return this.pages.summary(id);
  }

  /** A page of cancellations, newest first (ListPages.list). */
  list(query: ListQuery): Promise<{ items: CancellationSummary[]; nextCursor: string | null }> {
    return this.pages.list(query);
  }
}
