import { BadRequest } from '../common/bad-request.ts';
import { asObject, optionalEnum, optionalNumber } from '../common/validate.ts';
import { LEG_STATUSES, LEG_TYPES, type Order } from './order.ts';
import { selectLegs, type LegSelectors } from './select-legs.ts';

/**
 * `PATCH /_sim/hypertrack/orders/:order_handle` `{status, fulfillment_attempt?, type?,
 * type_index?}`: sets `status` on every leg the selectors address, final or not, with the
 * cancel endpoint's selector rules (default: every leg of the latest attempt). This is how a
 * test completes a leg, or revives an earlier attempt, between two calls. Returns false when
 * the selectors address no leg.
 */
export function updateOrder(order: Order, body: unknown, now: number): boolean {
  const raw = asObject(body);
  const status = optionalEnum(raw, 'status', LEG_STATUSES);
  if (status === undefined) throw new BadRequest('status is required');
  const selectors: LegSelectors = {};
  const type = optionalEnum(raw, 'type', LEG_TYPES);
  const typeIndex = optionalNumber(raw, 'type_index', { integer: true });
  const attempt = optionalNumber(raw, 'fulfillment_attempt', { integer: true });
  if (type !== undefined) selectors.type = type;
  if (typeIndex !== undefined) selectors.type_index = typeIndex;
  if (attempt !== undefined) selectors.fulfillment_attempt = attempt;

  const selected = selectLegs(order, selectors);
  if (selected === null) return false;
  for (const leg of selected.legs) {
    // Keep the original time when a cancelled leg is "cancelled" again.
    if (status === 'cancelled') leg.cancelledAtMs = leg.cancelledAtMs ?? now;
    else leg.cancelledAtMs = null;
    leg.status = status;
  }
  return true;
}
