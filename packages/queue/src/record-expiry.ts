const HOUR_MS = 60 * 60 * 1_000;

/**
 * How long a new cancellation's record, targets and request are kept: the retention and a
 * slack of 1 % of it, at most an hour. A change refreshes the expiry to the retention only when
 * less than that is left (lua/resolve-targets.lua), so a cancellation that completes within the
 * slack of its acceptance, nearly every one, never writes its expiry again: three PEXPIREs a
 * provider call fewer in the AOF and on replicas. Every record is still kept at least the
 * retention after its last change, and at most the slack longer.
 */
export function acceptedRecordTtlMs(retentionMs: number): number {
  return retentionMs + Math.min(HOUR_MS, Math.floor(retentionMs / 100));
}
