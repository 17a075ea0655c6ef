import type { PlanetBulkResult } from './planet-client.ts';

/**
 * What to do with each order after a cancel call:
 * - `cancelled`: Planet cancelled it.
 * - `reconcile`: Planet said "not in a cancellable state"; a GET tells whether it was already
 *   cancelled (ours, from a call whose answer was lost) or lost the race to `running`.
 * - `not_found`: Planet does not know the id.
 * - `retry`: any other per-order failure; only these ids are sent again.
 */
export type PlanetVerdict = 'cancelled' | 'reconcile' | 'not_found' | 'retry';

export interface PlanetOrderVerdict {
  id: string;
  verdict: PlanetVerdict;
  detail: string | null;
}

export const NOT_CANCELLABLE_MESSAGE = 'Order not in a cancellable state';

export function classifyBulkFailure(message: string): PlanetVerdict {
  if (message.trim().toLowerCase() === NOT_CANCELLABLE_MESSAGE.toLowerCase()) return 'reconcile';
  if (/no such order/i.test(message)) return 'not_found';
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
