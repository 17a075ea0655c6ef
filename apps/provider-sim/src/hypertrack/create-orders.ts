import { BadRequest } from '../common/bad-request.ts';
import {
  asObject,
  optionalArray,
  optionalEnum,
  optionalNumber,
  optionalString,
} from '../common/validate.ts';
import { LEG_STATUSES, LEG_TYPES, type LegStatus, type LegType } from './order.ts';
import type { NewLeg, NewOrder, OrderStore } from './order-store.ts';

/** Bounds one admin call, and the memory a runaway test can take. */
export const MAX_ORDERS_PER_CALL = 100_000;
const MAX_LEGS = 100;
const MAX_ATTEMPTS = 100;

/** A fresh order: one drop at index 0, assigned to a driver, so a cancel succeeds. */
const DEFAULT_STATUS: LegStatus = 'assigned';

export const defaultOrder = (): NewOrder => ({
  metadata: {},
  legs: [{ type: 'drop', type_index: 0, status: DEFAULT_STATUS }],
  attempts: 1,
});

/**
 * `POST /_sim/hypertrack/orders` body → orders to create:
 * `{count?, orders?: [{order_handle?, status?, legs?: [{type, type_index?, status?}],
 * attempts?, metadata?}]}`. An order's `status` is the default of its legs (default
 * `assigned`); a leg's `type_index` defaults to one past the highest of its type so far;
 * `attempts` (default 1) earlier attempts are cancelled, the last is live.
 */
export function parseCreateOrders(body: unknown, store: OrderStore): NewOrder[] {
  const raw = asObject(body);
  const count = optionalNumber(raw, 'count', { integer: true, max: MAX_ORDERS_PER_CALL }) ?? 0;
  const explicit = optionalArray(raw, 'orders') ?? [];
  if (count + explicit.length > MAX_ORDERS_PER_CALL) {
    throw new BadRequest(`at most ${MAX_ORDERS_PER_CALL} orders per call`);
  }
  const seen = new Set<string>();
  const orders = explicit.map((item, i) =>
    prefixed(`orders[${i}]`, () => {
      const order = parseOrder(asObject(item, 'an order'));
      if (order.handle !== undefined) {
        if (seen.has(order.handle) || store.has(order.handle)) {
          throw new BadRequest(`order_handle ${JSON.stringify(order.handle)} already exists`);
        }
        seen.add(order.handle);
      }
      return order;
    }),
  );
  for (let i = 0; i < count; i++) orders.push(defaultOrder());
  return orders;
}

function parseOrder(spec: Record<string, unknown>): NewOrder {
  const handle = optionalString(spec, 'order_handle');
  if (handle === '') throw new BadRequest('order_handle must not be empty');
  const status = optionalEnum(spec, 'status', LEG_STATUSES) ?? DEFAULT_STATUS;
  const attempts =
    optionalNumber(spec, 'attempts', { integer: true, min: 1, max: MAX_ATTEMPTS }) ?? 1;
  const metadata = spec.metadata === undefined ? {} : asObject(spec.metadata, 'metadata');
  const rawLegs = optionalArray(spec, 'legs') ?? [{ type: 'drop' }];
  if (rawLegs.length === 0 || rawLegs.length > MAX_LEGS) {
    throw new BadRequest(`legs must hold 1 to ${MAX_LEGS} legs`);
  }
  const order: NewOrder = { metadata, legs: parseLegs(rawLegs, status), attempts };
  if (handle !== undefined) order.handle = handle;
  return order;
}

function parseLegs(rawLegs: unknown[], defaultStatus: LegStatus): NewLeg[] {
  const next: Record<LegType, number> = { drop: 0, pick: 0 };
  const used = new Set<string>();
  return rawLegs.map((item, i) =>
    prefixed(`legs[${i}]`, () => {
      const spec = asObject(item, 'a leg');
      const type = optionalEnum(spec, 'type', LEG_TYPES);
      if (type === undefined) throw new BadRequest('type is required');
      const typeIndex = optionalNumber(spec, 'type_index', { integer: true }) ?? next[type];
      const key = `${type}:${typeIndex}`;
      if (used.has(key)) throw new BadRequest(`${type} ${typeIndex} appears twice`);
      used.add(key);
      next[type] = Math.max(next[type], typeIndex + 1);
      return {
        type,
        type_index: typeIndex,
        status: optionalEnum(spec, 'status', LEG_STATUSES) ?? defaultStatus,
      };
    }),
  );
}

/** Runs `parse`, naming the item in any BadRequest it throws (`orders[2]: legs[0]: ...`). */
export function prefixed<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof BadRequest) throw new BadRequest(`${where}: ${err.message}`);
    throw err;
  }
}
