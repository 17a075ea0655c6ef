import type { Target, TargetOutcome } from '@cancelq/contracts';

/**
 * How a target is kept in its cancellation's record hash, compactly: every order of every
 * request has one, so its bytes are counted per order, in memory and twice in the AOF (accepted,
 * then settled). Read by `readStoredTarget`; written by lua/write-records.lua (pending) and
 * lua/resolve-targets.lua.
 *
 * - `''`: pending, never tried, as accepted (its time is the record's `created_at`).
 * - `[outcome, attempts, updated ms, detail?, call?]`, trailing nulls left out. A call that is
 *   one of the cancellation's own jobs (`<cancellation id>-<n>`) is kept as `-<n>`.
 * - `{outcome, attempts, detail, updated_at, call?}`: written before this format, still read.
 *
 * A settled target is ~30–45 bytes instead of ~135, under Redis's 64-byte listpack limit, so a
 * one-order cancellation's targets hash stays a listpack (measured with MEMORY USAGE: 344 → 184
 * bytes with its key), and a 10,000-id request is accepted without writing 10,000 copies of
 * the same pending JSON.
 */
export const PENDING_TARGET = '';

/**
 * A target's field in its record: `#` and its id, so no id can be taken for one of the record's
 * own fields (an order named `state`). The Lua scripts spell it too. In the record rather than a
 * hash of its own: that key and its expiry cost ~0.2 KB of Redis and ~0.36 KB of AOF per order
 * (measured at the limit, one-order HyperTrack cancellations). Records written before keep
 * their targets in `outcomeKeys.targets`, which every reader and writer still takes.
 */
export const TARGET_FIELD_PREFIX = '#';

export const targetField = (id: string) => `${TARGET_FIELD_PREFIX}${id}`;

/**
 * A record hash as read: its own fields, and its targets' stored values by target id, with
 * those of the targets hash a record written before keeps (`legacyTargets`).
 */
export function splitRecordHash(
  hash: Record<string, string>,
  legacyTargets: Record<string, string> = {},
): { fields: Record<string, string>; targets: Record<string, string> } {
  const fields: Record<string, string> = {};
  const targets: Record<string, string> = { ...legacyTargets };
  for (const [name, value] of Object.entries(hash)) {
    if (name.startsWith(TARGET_FIELD_PREFIX))
      targets[name.slice(TARGET_FIELD_PREFIX.length)] = value;
    else fields[name] = value;
  }
  return { fields, targets };
}

/** What a stored target says, given its cancellation (for the times and calls it leaves out). */
export function readStoredTarget(
  raw: string,
  cancellation: { id: string; createdAt: string },
): Omit<Target, 'id'> {
  if (raw === PENDING_TARGET)
    return { outcome: 'pending', attempts: 0, detail: null, updated_at: cancellation.createdAt };
  const stored = JSON.parse(raw) as unknown;
  if (!Array.isArray(stored)) return legacyTarget(stored as LegacyTarget);
  const [outcome, attempts, updatedMs, detail, call] = stored as CompactTarget;
  return {
    outcome,
    attempts,
    detail: detail ?? null,
    updated_at: new Date(updatedMs).toISOString(),
    ...(call ? { call: call.startsWith('-') ? `${cancellation.id}${call}` : call } : {}),
  };
}

type CompactTarget = [
  outcome: TargetOutcome,
  attempts: number,
  updatedMs: number,
  detail?: string | null,
  call?: string,
];

type LegacyTarget = Omit<Target, 'id'>;

function legacyTarget(stored: LegacyTarget): Omit<Target, 'id'> {
  return {
    outcome: stored.outcome,
    attempts: stored.attempts,
    detail: stored.detail ?? null,
    updated_at: stored.updated_at,
    ...(stored.call ? { call: stored.call } : {}),
  };
}
