import { DEFAULT_ACCOUNT } from '../common/account-spec.ts';
import type { Clock } from '../common/clock.ts';
import type { Attempt, LegStatus, LegType, Order } from './order.ts';

export interface NewLeg {
  type: LegType;
  type_index: number;
  status: LegStatus;
}

export interface NewOrder {
  /** Absent: the store picks an unused `sim-order-<n>`. */
  handle?: string;
  /** Owner; default `default`. */
  account?: string;
  metadata: Record<string, unknown>;
  /** The live (latest) attempt's legs; earlier attempts repeat them, cancelled. */
  legs: NewLeg[];
  /** Number of attempts, at least 1. */
  attempts: number;
}

/**
 * All HyperTrack orders of one simulator instance, keyed by their exact handle. Handles are
 * unique across accounts here (the admin routes address orders by handle alone); the API passes
 * the caller's account (`owner`), and another account's order is not found.
 */
export class OrderStore {
  private readonly byHandle = new Map<string, Order>();
  /** Creation order; `seq` is the index here. Orders are never removed except by clear(). */
  private readonly sequence: Order[] = [];
  private generated = 0;

  constructor(private readonly clock: Clock) {}

  has(handle: string): boolean {
    return this.byHandle.has(handle);
  }

  get(handle: string, owner?: string): Order | undefined {
    const order = this.byHandle.get(handle);
    return owner === undefined || order?.account === owner ? order : undefined;
  }

  /** Callers check that an explicit handle is unused (the admin parser answers 400 for it). */
  create(input: NewOrder): Order {
    const now = this.clock.now();
    const handle = input.handle ?? this.unusedHandle();
    const attempts: Attempt[] = [];
    for (let n = 0; n < input.attempts; n++) {
      const live = n === input.attempts - 1;
      attempts.push({
        fulfillment_attempt: n,
        // A reschedule cancels the attempt it replaces, so every earlier attempt is cancelled.
        legs: input.legs.map((leg) => {
          const status = live ? leg.status : 'cancelled';
          return { ...leg, status, cancelledAtMs: status === 'cancelled' ? now : null };
        }),
      });
    }
    const order: Order = {
      handle,
      account: input.account ?? DEFAULT_ACCOUNT,
      seq: this.sequence.length,
      createdMs: now,
      metadata: input.metadata,
      attempts,
    };
    this.byHandle.set(handle, order);
    this.sequence.push(order);
    return order;
  }

  /** Every order (of `owner`, when given) in creation order. */
  all(owner?: string): Order[] {
    return this.sequence.filter((order) => owner === undefined || order.account === owner);
  }

  clear(): void {
    this.byHandle.clear();
    this.sequence.length = 0;
    this.generated = 0;
  }

  // Skips handles a test created explicitly, so generated and explicit handles never collide.
  private unusedHandle(): string {
    let handle: string;
    do handle = `sim-order-${++this.generated}`;
    while (this.byHandle.has(handle));
    return handle;
  }
}
