/** Every Redis key cancelq writes outside BullMQ's own, in one place. */
export function outcomeKeys(prefix: string) {
  return {
    record: (id: string) => `${prefix}:cancellation:${id}`,
    targets: (id: string) => `${prefix}:cancellation:${id}:targets`,
    // Sorted sets ordered by member (`indexMember`), all scores 0.
    index: `${prefix}:cancellations`,
    providerIndex: (provider: string) => `${prefix}:cancellations:${provider}`,
    idempotency: (keyHash: string) => `${prefix}:idempotency:${keyHash}`,
  };
}

export function limiterKeys(prefix: string, provider: string) {
  return {
    calls: `${prefix}:limiter:${provider}:calls`,
    pausedUntil: `${prefix}:limiter:${provider}:paused-until`,
    learnedMax: `${prefix}:limiter:${provider}:learned-max`,
  };
}

/**
 * Counters every worker adds to and the API's /metrics reads: the sums across all processes.
 * Hash fields are `<provider>|<label>`.
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
