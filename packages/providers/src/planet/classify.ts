import { readRefusal, saysNotFound } from '../refusal-wording.ts';
import type { PlanetBulkResult } from './planet-client.ts';

/**
 * What to do with each order after a cancel call:
 * - `cancelled`: Planet cancelled it.
 * - `reconcile`: Planet said "not in a cancellable state" (in whatever words); a GET tells
 *   whether it was already cancelled (ours, from a call whose answer was lost) or lost the
 *   race to `running`.
 * - `not_found`: Planet does not know the id.
 * - `retry`: any other per-order failure; only these ids are sent again.
 */
export type PlanetVerdict = 'cancelled' | 'reconcile' | 'not_found' | 'retry';

export interface PlanetOrderVerdict {
  id: string;
  verdict: PlanetVerdict;
  detail: string | null;
}

/** The one per-order failure message Planet documents (providers.md §1, bulk cancel). */
export const NOT_CANCELLABLE_MESSAGE = 'Order not in a cancellable state';

/**
 * A bulk failure's message decides its verdict. Only "Order not in a cancellable state" is
 * documented; any other wording of the same refusal ("order is not cancellable", "already
 * cancelled") goes to `reconcile`, because the GET settles it either way. Words of an unknown
 * order go to `not_found`. Anything else stays `retry`: a bulk failure is per-order and may be
 * transient (the rest of the call succeeded), and reconciling an order still queued would
 * wrongly record it as not cancellable — so unknown words must not be read as a refusal.
 */
export function classifyBulkFailure(message: string): PlanetVerdict {
  if (readRefusal(message) !== null) return 'reconcile';
  if (saysNotFound(message)) return 'not_found';
  return 'retry';
}

/** Planet lists only failures; every requested id it did not name was cancelled. */
export function classifyBulkResult(
  requested: readonly string[],
  result: PlanetBulkResult,
): PlanetOrderVerdict[] {
  const failures = new Map(
    result.failures.map((failure) => [failure.orderId.toLowerCase(), failure.message]),
  );
  return requested.map((id) => {
    const message = failures.get(id.toLowerCase());
    if (message === undefined) return { id, verdict: 'cancelled', detail: null };
    return { id, verdict: classifyBulkFailure(message), detail: message };
  });
}

/** The outcome a reconciling GET settles on. */
export function outcomeOfState(state: string | null): {
  outcome: 'cancelled' | 'not_cancellable' | 'not_found';
  detail: string;
} {
  if (state === null) return { outcome: 'not_found', detail: 'Planet does not know this order' };
  if (state === 'cancelled') return { outcome: 'cancelled', detail: 'already cancelled' };
  return { outcome: 'not_cancellable', detail: `order is ${state}, no longer queued` };
}
