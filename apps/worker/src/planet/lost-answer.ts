import { ProviderError } from '@cancelq/providers';

/**
 * How far Planet's clock may be from ours. The window below mixes the two (our send and answer
 * times, Planet's `last_modified`), so it is widened by this on each side: a skewed clock must
 * not hide an order the lost call cancelled. A wider window can only take in orders someone
 * else cancelled near our calls, which the detail owns up to.
 */
export const CLOCK_MARGIN_MS = 30_000;

/** RFC 3339 instants, inclusive: Planet's `last_modified` interval `<since>/<until>`. */
export interface CancelledWindow {
  since: string;
  until: string;
}

/**
 * Every order the cancel-all's calls can have cancelled was cancelled at Planet after the first
 * `{}` left (`firstSentAt`) and before the answer that ends them arrived (`answeredAtMs`).
 */
export function lostAnswerWindow(firstSentAt: string, answeredAtMs: number): CancelledWindow {
  const sent = Date.parse(firstSentAt);
  if (Number.isNaN(sent)) throw new RangeError(`firstSentAt ${firstSentAt} is not an instant`);
  return {
    since: new Date(sent - CLOCK_MARGIN_MS).toISOString(),
    until: new Date(answeredAtMs + CLOCK_MARGIN_MS).toISOString(),
  };
}

/** The first page's query: `state=cancelled&last_modified=<since>/<until>`. */
export function cancelledQuery(window: CancelledWindow): string {
  const lastModified = `${window.since}/${window.until}`;
  return new URLSearchParams({ state: 'cancelled', last_modified: lastModified }).toString();
}

/**
 * The ids of a page that really are cancelled inside the window. Planet filters on its side;
 * this checks again, so a server that ignored a filter cannot make us claim an order that is
 * not cancelled, or was cancelled long before.
 */
export function cancelledInWindow(
  orders: readonly { id: string; state: string; lastModified: string }[],
  window: CancelledWindow,
): string[] {
  const since = Date.parse(window.since);
  const until = Date.parse(window.until);
  return orders
    .filter((order) => {
      const at = Date.parse(order.lastModified);
      return order.state === 'cancelled' && at >= since && at <= until;
    })
    .map((order) => order.id);
}

/** Each listed order's detail: what we know, and what we cannot tell apart. */
export function lostAnswerDetail(window: CancelledWindow): string {
  return (
    `cancelled at Planet between ${window.since} and ${window.until}, while this cancel-all ran: ` +
    'a call’s answer was lost, so Planet never said which orders it cancelled; ' +
    'someone else may have cancelled some of these in that window'
  );
}

/**
 * The same failure, its message saying the count is unknown: if it is final, that message is
 * the record's detail, and a bare "timed out" would read as if nothing had been cancelled.
 */
export function countUnknown(error: unknown, why: string): unknown {
  if (!(error instanceof ProviderError)) return error;
  return new ProviderError(error.retry, `cancelled count unknown (${why}): ${error.message}`, {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    cause: error,
  });
}
