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
