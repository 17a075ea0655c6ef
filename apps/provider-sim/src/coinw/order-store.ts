import { randomInt } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '../common/account-spec.ts';
import type { Clock } from '../common/clock.ts';
import type { Order, OrderStatus, PosType } from './order.ts';

export interface NewOrder {
  /** Canonical id (see parseOrderId); generated when absent. */
  id?: string;
  /** Owner; default `default`. */
  account?: string;
  status: OrderStatus;
  posType: PosType;
}

/**
 * All CoinW orders of one simulator instance, in creation order. Ids are unique across
 * accounts; the API's calls pass the caller's account (`owner`), and another user's order is
 * one they do not have: skipped by a batch, `Position not found` alone.
 */
export class OrderStore {
  private readonly byId = new Map<string, Order>();
  private readonly sequence: Order[] = [];
  /**
   * Generated ids climb from a random 18-digit start in small random steps, like the
   * time-ordered ids CoinW hands out (docs example: 33308750270880236, 33308750270538609), so
   * they need every bit of a 64-bit integer and lose precision as JavaScript numbers.
   */
  private lastId = 100_000_000_000_000_000n + BigInt(randomInt(0, 2 ** 47)) * 1_000n;

  constructor(private readonly clock: Clock) {}

  has(id: string, owner?: string): boolean {
    return this.get(id, owner) !== undefined;
  }

  get(id: string, owner?: string): Order | undefined {
    const order = this.byId.get(id);
    return owner === undefined || order?.account === owner ? order : undefined;
  }

  create(input: NewOrder): Order {
    const now = this.clock.now();
    const order: Order = {
      id: input.id ?? this.nextId(),
      account: input.account ?? DEFAULT_ACCOUNT,
      status: input.status,
      posType: input.posType,
      createdMs: now,
      cancelledMs: input.status === 'cancelled' ? now : null,
    };
    this.byId.set(order.id, order);
    this.sequence.push(order);
    return order;
  }

  /**
   * Cancels the order if it is open (and of `posType`, when one is given). Returns whether it
   * did; unknown, cancelled, filled and other-type orders are left alone.
   */
  cancel(id: string, posType: PosType | null, owner: string): boolean {
    const order = this.get(id, owner);
    if (order === undefined || order.status !== 'open') return false;
    if (posType !== null && order.posType !== posType) return false;
    order.status = 'cancelled';
    order.cancelledMs = this.clock.now();
    return true;
  }

  all(status?: OrderStatus, owner?: string): Order[] {
    return this.sequence.filter(
      (o) =>
        (status === undefined || o.status === status) &&
        (owner === undefined || o.account === owner),
    );
  }

  clear(): void {
    this.byId.clear();
    this.sequence.length = 0;
  }

  private nextId(): string {
    let id: string;
    do {
      this.lastId += BigInt(randomInt(1, 1_000));
      id = this.lastId.toString();
    } while (this.byId.has(id));
    return id;
  }
}
