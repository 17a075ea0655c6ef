import {
  asObject,
  optionalBoolean,
  optionalEnum,
  optionalNullableNumber,
} from '../common/validate.ts';
import { onlyKeys } from './admin-fields.ts';
import { ORDER_STATUSES } from './order.ts';
import type { OrderChange } from './order-store.ts';

/**
 * `PATCH /_sim/planomatic/orders/:order_id` body → the change to apply: `status`,
 * `appointment_confirmed`, and `scheduled_after_ms` (from now; null clears a pending move).
 * Moving an order by hand is how a test stages "scheduled between the enqueue and the cancel".
 */
export function parseOrderChange(body: unknown): OrderChange {
  const raw = asObject(body);
  onlyKeys(raw, ['status', 'appointment_confirmed', 'scheduled_after_ms']);
  const change: OrderChange = {};
  const status = optionalEnum(raw, 'status', ORDER_STATUSES);
  const confirmed = optionalBoolean(raw, 'appointment_confirmed');
  const delay = optionalNullableNumber(raw, 'scheduled_after_ms');
  if (status !== undefined) change.status = status;
  if (confirmed !== undefined) change.appointmentConfirmed = confirmed;
  if (delay !== undefined) change.scheduledAfterMs = delay;
  return change;
}
