import { PROVIDERS } from '@cancelq/contracts';

/** Every Redis key cancelq writes outside BullMQ's own, in one place. */
export function outcomeKeys(prefix: string) {
  const providerIndex = (provider: string) => `${prefix}:cancellations:${provider}`;
  return {
    record: (id: string) => `${prefix}:cancellation:${id}`,
    /**
     * The targets of a record written before 2026-12-07, as a hash of their own; since, each is
     * a field of its record (stored-target.ts: `targetField`). Still read and written for those.
     */
    targets: (id: string) => `${prefix}:cancellation:${id}:targets`,
    /**
     * The request as accepted (JSON), beside the record rather than in it: its ids make it the
     * one field over Redis's 64-byte listpack limit, and one such field turns the whole record
     * into a hash table three times the size (1.6 KB against 0.5 KB for a one-order request).
     * Records written before it keep `request` as a field. A request without id arrays has no
     * key: the record's `request_summary` is that request (requestKeyValue).
     */
    request: (id: string) => `${prefix}:cancellation:${id}:request`,
    // Sorted sets ordered by member (`indexMember`), all scores 0. A cancellation is in its
    // provider's index only: a list of every provider merges theirs (newestMembers).
    providerIndex,
    providerIndexes: PROVIDERS.map(providerIndex),
    /**
     * Every cancellation, as versions before 2026-12-07 indexed them besides their provider's:
     * each twice, ~145 bytes of Redis and ~100 of AOF more per cancellation. No longer written
     * or read; the janitor trims it until retention has emptied it.
     */
    legacyIndex: `${prefix}:cancellations`,
    /**
     * Cancellations still pending, by acceptance ms (member: the id), kept only with a retention
     * under a week (record-expiry.ts, tracksPending): the indexes are not trimmed past the
     * oldest of them, so a list page still finds one that a backlog kept pending past the
     * retention (lua/trim-indexes.lua).
     */
    pendingSince: `${prefix}:pending-since`,
    idempotency: (keyHash: string) => `${prefix}:idempotency:${keyHash}`,
    /** Completed cancellations whose webhooks are still to be queued, by completion time. */
    webhookOutbox: `${prefix}:webhook-outbox`,
    /** Pub/sub channel: `<id> <version>` each time a cancellation's record changes. */
    events: `${prefix}:cancellation-events`,
    /** The queue names of every account, other than `default`, a request has named. */
    accountQueues: `${prefix}:account-queues`,
  };
}

/** One account's limiter: `queue` is its queue's name (queueNameOf). */
export function limiterKeys(prefix: string, queue: string) {
  return {
    calls: `${prefix}:limiter:${queue}:calls`,
    launched: `${prefix}:limiter:${queue}:launched`,
    pausedUntil: `${prefix}:limiter:${queue}:paused-until`,
    learnedMax: `${prefix}:limiter:${queue}:learned-max`,
  };
}

/**
 * Counters every worker adds to and the API's /metrics reads: the sums across all processes.
 * Hash fields are `<queue>|<label>`: the queue names the provider and the account.
 */
export function metricsKeys(prefix: string) {
  return {
    calls: `${prefix}:metrics:calls`,
    latency: `${prefix}:metrics:latency`,
    slowdowns: `${prefix}:metrics:slowdowns`,
    slowdownWaits: `${prefix}:metrics:slowdown-waits`,
    outcomes: `${prefix}:metrics:outcomes`,
  };
}

/**
 * A call group's waiting targets, its fairness clock, the call jobs enlisted to carry them, and
 * the targets each call job holds.
 */
export function poolKeys(prefix: string, group: string) {
  return {
    pool: `${prefix}:pool:${group}:waiting`,
    clock: `${prefix}:pool:${group}:clock`,
    enlisted: `${prefix}:pool:${group}:enlisted`,
    held: (jobId: string) => `${prefix}:pool:${group}:held:${jobId}`,
  };
}
