const HOUR_MS = 60 * 60 * 1_000;

/**
 * However short the retention, a cancellation's record is kept this long while its work may
 * still be pending: the retention counts from its outcome, not from its acceptance. A backlog
 * can outlast a short retention (PlanOmatic's 100 calls a minute take 100 minutes for 10,000
 * orders), and a record that expired before its calls were made would answer 404 for an
 * accepted cancellation, and lose its outcomes and its webhook.
 */
export const PENDING_KEPT_MS = 7 * 24 * HOUR_MS;

/**
 * How long a new cancellation's record, targets and request are kept: the retention, or
 * PENDING_KEPT_MS when that is longer, and a slack of 1 % of the retention, at most an hour. A
 * change refreshes the expiry to the retention only when less than that is left, and the change
 * that completes it brings down what is left of PENDING_KEPT_MS (lua/resolve-targets.lua). With
 * a retention of a week or more, a cancellation that completes within the slack of its
 * acceptance, nearly every one, never writes its expiry again: three PEXPIREs a provider call
 * fewer in the AOF and on replicas. Every record is kept at least the retention after its last
 * change, and at most the slack longer once completed.
 */
export function acceptedRecordTtlMs(retentionMs: number): number {
  return Math.max(retentionMs, PENDING_KEPT_MS) + Math.min(HOUR_MS, Math.floor(retentionMs / 100));
}

/**
 * Whether pending cancellations are kept by acceptance time (`outcomeKeys.pendingSince`), for the
 * list pages' indexes. An index entry goes the retention after its acceptance, and a pending
 * record is kept at least PENDING_KEPT_MS: only a retention shorter than that lets the entry go
 * first. With a week or more, nothing is written.
 */
export function tracksPending(retentionMs: number): boolean {
  return retentionMs < PENDING_KEPT_MS;
}
