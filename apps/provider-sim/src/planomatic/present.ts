import type { Order } from './order.ts';

/** The order inside a successful cancel answer. */
export function toApiOrder(order: Order) {
  return { order_id: order.orderId, request_id: order.requestId, status: order.status };
}

/** Ground truth for the admin surface. */
export function toTruth(order: Order) {
  return {
    order_id: order.orderId,
    account: order.account,
    request_id: order.requestId,
    status: order.status,
    appointment_confirmed: order.appointmentConfirmed,
    created_at_ms: order.createdMs,
    scheduled_due_ms: order.scheduledDueMs,
    scheduled_at_ms: order.scheduledAtMs,
    canceled_at_ms: order.canceledAtMs,
    cancelation_reason: order.cancelationReason,
    notes: order.notes,
  };
}

/** What `POST /_sim/planomatic/orders` answers per created order. */
export function toCreated(order: Order) {
  return {
    order_id: order.orderId,
    request_id: order.requestId,
    status: order.status,
    appointment_confirmed: order.appointmentConfirmed,
  };
}
