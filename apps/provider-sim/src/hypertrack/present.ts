import type { Attempt, Leg, Order } from './order.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// Fixed values for the parts of the order the simulator does not model; clients only read them
// back. Shapes follow the docs' cancel example (seeds/hypertrack-cancel-order.txt).
const DESTINATION = {
  geometry: { type: 'Point', coordinates: [-121.8610066, 37.3263062] },
  address: '748 Story Rd, San Jose, CA 95112',
  radius: 100,
};
const REGION = { country: 'United States', city: 'San Jose', state: 'California' };
const RISKS = {
  moving_away_from_destination: 'green',
  is_offline: 'green',
  delayed_from_scheduled_at: 'green',
  deviating_from_expected_route: 'green',
  moving_too_slow: 'green',
  in_outage: 'green',
  delayed_from_initial_eta: 'green',
  in_low_battery: 'green',
};

/**
 * One leg of one attempt as the Orders API returns it. The API's order object describes a
 * single `(fulfillment_attempt, type, type_index)`, so a cancel that touched several legs
 * answers the first of them [INF].
 */
export function toApiOrder(order: Order, attempt: Attempt, leg: Leg) {
  const created = iso(order.createdMs);
  return {
    order_handle: order.handle,
    fulfillment_attempt: attempt.fulfillment_attempt,
    status: leg.status,
    destination: DESTINATION,
    ops_group_handle: 'sim-ops-group',
    track_mode: 'on_time',
    plan_mode: 'manual',
    risks: RISKS,
    scheduled_at: null,
    started_at: null,
    type: leg.type,
    type_index: leg.type_index,
    expected_service_time: 0,
    actual_service_time: 0,
    tracked_service_time: 0,
    capacity_used: 1,
    metadata: order.metadata,
    region: REGION,
    share_url: `https://trck.at/sim-${order.seq + 1}`,
    cancelled_at: iso(leg.cancelledAtMs),
    disabled_at: null,
    device_id: null,
    worker_handle: null,
    created_at: created,
    assigned_at: null,
    route_handle: null,
    plan_id: null,
    visited_destination: false,
    cancelled_at_destination: false,
    timeline: timeline(order, attempt, leg),
  };
}

function timeline(order: Order, attempt: Attempt, leg: Leg) {
  const events: Record<string, unknown>[] = [
    {
      type: 'order_created',
      recorded_at: iso(order.createdMs),
      order_handle: order.handle,
      metadata: order.metadata,
    },
  ];
  if (leg.cancelledAtMs !== null) {
    events.push({
      type: 'order_cancelled',
      recorded_at: iso(leg.cancelledAtMs),
      order_handle: order.handle,
      route_handle: null,
      fulfillment_attempt: attempt.fulfillment_attempt,
    });
  }
  return events;
}

/** Ground truth for the admin surface: every attempt and leg, times in simulator epoch ms. */
export function toTruth(order: Order) {
  return {
    order_handle: order.handle,
    account: order.account,
    attempts: order.attempts.map((attempt) => ({
      fulfillment_attempt: attempt.fulfillment_attempt,
      legs: attempt.legs.map((leg) => ({
        type: leg.type,
        type_index: leg.type_index,
        status: leg.status,
        cancelled_at_ms: leg.cancelledAtMs,
      })),
    })),
    created_at_ms: order.createdMs,
  };
}
