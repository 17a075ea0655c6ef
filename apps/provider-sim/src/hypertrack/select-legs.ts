import { latestAttempt, type Attempt, type Leg, type LegType, type Order } from './order.ts';

/** What the cancel query (and the admin PATCH) narrows to; absent = no narrowing. */
export interface LegSelectors {
  type?: LegType;
  type_index?: number;
  fulfillment_attempt?: number;
}

/**
 * The legs `selectors` address: those of the named attempt (default: the latest, the only live
 * one) that match `type` and `type_index`. Null when the attempt does not exist or no leg
 * matches, which the API answers as an unknown order.
 */
export function selectLegs(
  order: Order,
  selectors: LegSelectors,
): { attempt: Attempt; legs: Leg[] } | null {
  const attempt =
    selectors.fulfillment_attempt === undefined
      ? latestAttempt(order)
      : order.attempts[selectors.fulfillment_attempt];
  if (attempt === undefined) return null;
  const legs = attempt.legs.filter(
    (leg) =>
      (selectors.type === undefined || leg.type === selectors.type) &&
      (selectors.type_index === undefined || leg.type_index === selectors.type_index),
  );
  return legs.length === 0 ? null : { attempt, legs };
}
