import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '../common/account-spec.ts';
import type { Clock } from '../common/clock.ts';
import { settle, type Order, type OrderState } from './order.ts';

export interface NewOrder {
  id?: string;
  /** Owner; default `default`. */
  account?: string;
  state: OrderState;
  /** Milliseconds from now until a queued order turns running; null = never. */
  runningAfterMs: number | null;
}

export type CancelResult =
  | { kind: 'cancelled'; order: Order }
  | { kind: 'not_cancellable'; order: Order }
  | { kind: 'unknown' };

/**
 * All Planet orders of one simulator instance. Every read settles the orders it touches at the
 * current clock time, so state is exact without timers. Ids are unique across accounts; the
 * API's reads take the caller's account (`owner`), and another account's order is unknown to
 * them, as at Planet, where an order id of another key's is a 404.
 */
export class OrderStore {
  private readonly byId = new Map<string, Order>();
  /** Creation order; `seq` is the index here. Orders are never removed except by clear(). */
  private readonly sequence: Order[] = [];

  constructor(private readonly clock: Clock) {}

  has(id: string): boolean {
    return this.byId.has(id);
  }

  create(input: NewOrder): Order {
    const now = this.clock.now();
    const seq = this.sequence.length;
    const order: Order = {
      id: input.id ?? randomUUID(),
      account: input.account ?? DEFAULT_ACCOUNT,
      seq,
      name: `sim-order-${seq + 1}`,
      state: input.state,
      lastMessage: input.state === 'queued' ? 'Preparing order' : `Order ${input.state}`,
      createdMs: now,
      modifiedMs: now,
      runningDueMs:
        input.state === 'queued' && input.runningAfterMs !== null
          ? now + input.runningAfterMs
          : null,
      runningAtMs: input.state === 'running' ? now : null,
      cancelledAtMs: input.state === 'cancelled' ? now : null,
    };
    this.byId.set(order.id, order);
    this.sequence.push(order);
    return order;
  }

  /** The order, settled now; undefined when unknown or, given an `owner`, not theirs. */
  get(id: string, owner?: string): Order | undefined {
    const order = this.byId.get(id);
    if (order === undefined || (owner !== undefined && order.account !== owner)) return undefined;
    return settle(order, this.clock.now());
  }

  /** Only `queued` is cancellable (support.planet.com 360018885758); re-cancelling is a 409. */
  cancel(id: string, owner?: string): CancelResult {
    const order = this.get(id, owner);
    if (order === undefined) return { kind: 'unknown' };
    if (order.state !== 'queued') return { kind: 'not_cancellable', order };
    const now = this.clock.now();
    order.state = 'cancelled';
    order.lastMessage = 'Cancel success';
    order.cancelledAtMs = now;
    order.modifiedMs = now;
    return { kind: 'cancelled', order };
  }

  /** Every order, settled now, optionally filtered by state and owner, in creation order. */
  all(state?: OrderState, owner?: string): Order[] {
    const now = this.clock.now();
    return this.sequence
      .map((o) => settle(o, now))
      .filter((o) => state === undefined || o.state === state)
      .filter((o) => owner === undefined || o.account === owner);
  }

  /**
   * Up to `size` orders with `seq >= fromSeq` that `matches` (tested once settled); `nextSeq`
   * is null on the last page.
   */
  page(
    fromSeq: number,
    size: number,
    matches: (order: Order) => boolean = () => true,
  ): { orders: Order[]; nextSeq: number | null } {
    const now = this.clock.now();
    const orders: Order[] = [];
    for (let seq = fromSeq; seq < this.sequence.length; seq++) {
      const order = settle(this.sequence[seq]!, now);
      if (!matches(order)) continue;
      if (orders.length === size) return { orders, nextSeq: seq };
      orders.push(order);
    }
    return { orders, nextSeq: null };
  }

  /** Every order that matches, settled at this instant, in creation order. */
  matching(matches: (order: Order) => boolean): Order[] {
    const now = this.clock.now();
    return this.sequence.map((order) => settle(order, now)).filter(matches);
  }

  clear(): void {
    this.byId.clear();
    this.sequence.length = 0;
  }
}
