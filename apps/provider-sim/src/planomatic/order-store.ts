import { DEFAULT_ACCOUNT } from '../common/account-spec.ts';
import type { Clock } from '../common/clock.ts';
import { settle, type CancelationReason, type Order, type OrderStatus } from './order.ts';

export interface NewOrder {
  orderId?: string;
  /** Owner; default `default`. */
  account?: string;
  requestId: string | null;
  status: OrderStatus;
  appointmentConfirmed: boolean;
  /** Milliseconds from now until a pre-scheduled order turns `scheduled`; null = never. */
  scheduledAfterMs: number | null;
}

export interface OrderChange {
  status?: OrderStatus;
  appointmentConfirmed?: boolean;
  /** Milliseconds from now; null clears a pending move. */
  scheduledAfterMs?: number | null;
}

// The docs' example order id; generated ids count up from here so they look like real ones.
const FIRST_GENERATED_ID = 654_321;

/**
 * All PlanOmatic orders of one simulator instance, indexed by order_id and by request_id. Every
 * read settles the orders it touches at the current clock time, so status is exact without timers.
 * Ids and request ids are unique across accounts; the API's reads pass the caller's account
 * (`owner`), and another integration's order is one it does not have (`unrecognized`).
 */
export class OrderStore {
  private readonly byOrderId = new Map<string, Order>();
  private readonly byRequestId = new Map<string, Order>();
  private readonly sequence: Order[] = [];
  private nextGeneratedId = FIRST_GENERATED_ID;

  constructor(private readonly clock: Clock) {}

  hasOrderId(orderId: string): boolean {
    return this.byOrderId.has(orderId);
  }

  hasRequestId(requestId: string): boolean {
    return this.byRequestId.has(requestId);
  }

  /** Callers check uniqueness first (create-orders.ts); a clash here is a programming error. */
  create(input: NewOrder): Order {
    const orderId = input.orderId ?? this.generateOrderId();
    if (this.byOrderId.has(orderId)) throw new Error(`order_id ${orderId} already exists`);
    if (input.requestId !== null && this.byRequestId.has(input.requestId)) {
      throw new Error(`request_id ${input.requestId} already exists`);
    }
    const now = this.clock.now();
    const order: Order = {
      orderId,
      account: input.account ?? DEFAULT_ACCOUNT,
      requestId: input.requestId,
      seq: this.sequence.length,
      status: input.status,
      appointmentConfirmed: input.appointmentConfirmed,
      createdMs: now,
      scheduledDueMs: input.scheduledAfterMs === null ? null : now + input.scheduledAfterMs,
      scheduledAtMs: input.status === 'scheduled' ? now : null,
      canceledAtMs: input.status === 'canceled' ? now : null,
      cancelationReason: null,
      notes: null,
    };
    this.byOrderId.set(orderId, order);
    if (order.requestId !== null) this.byRequestId.set(order.requestId, order);
    this.sequence.push(order);
    return settle(order, now);
  }

  byOrder(orderId: string, owner?: string): Order | undefined {
    return this.owned(this.byOrderId.get(orderId), owner);
  }

  byRequest(requestId: string, owner?: string): Order | undefined {
    return this.owned(this.byRequestId.get(requestId), owner);
  }

  /** Marks a (settled, checked cancelable) order canceled. */
  cancel(order: Order, reason: CancelationReason, notes: string): Order {
    order.status = 'canceled';
    order.canceledAtMs = this.clock.now();
    order.cancelationReason = reason;
    order.notes = notes;
    order.scheduledDueMs = null;
    return order;
  }

  /** Admin move of an order, e.g. to stage a race a test cannot time by itself. */
  update(order: Order, change: OrderChange): Order {
    const now = this.clock.now();
    if (change.status !== undefined && change.status !== order.status) {
      order.status = change.status;
      if (change.status === 'scheduled') order.scheduledAtMs = now;
      // Covers PlanOmatic canceling an order itself (the `order.canceled` webhook).
      if (change.status === 'canceled') {
        order.canceledAtMs = now;
      } else {
        // Moved out of canceled by hand: its cancel record no longer describes it.
        order.canceledAtMs = null;
        order.cancelationReason = null;
        order.notes = null;
      }
    }
    if (change.appointmentConfirmed !== undefined) {
      order.appointmentConfirmed = change.appointmentConfirmed;
    }
    if (change.scheduledAfterMs !== undefined) {
      order.scheduledDueMs =
        change.scheduledAfterMs === null ? null : now + change.scheduledAfterMs;
    }
    return settle(order, now);
  }

  /** Every order, settled now, optionally filtered by status and owner, in creation order. */
  all(status?: OrderStatus, owner?: string): Order[] {
    const now = this.clock.now();
    return this.sequence
      .map((o) => settle(o, now))
      .filter((o) => status === undefined || o.status === status)
      .filter((o) => owner === undefined || o.account === owner);
  }

  clear(): void {
    this.byOrderId.clear();
    this.byRequestId.clear();
    this.sequence.length = 0;
    this.nextGeneratedId = FIRST_GENERATED_ID;
  }

  /** The order settled now, if there is one and it is `owner`'s (when given). */
  private owned(order: Order | undefined, owner: string | undefined): Order | undefined {
    if (order === undefined || (owner !== undefined && order.account !== owner)) return undefined;
    return settle(order, this.clock.now());
  }

  // Skips ids a test created explicitly, so generated ids stay unique.
  private generateOrderId(): string {
    while (this.byOrderId.has(String(this.nextGeneratedId))) this.nextGeneratedId++;
    return String(this.nextGeneratedId++);
  }
}
