import type { Order } from './order.ts';

const FIELDS = {
  name: (order: Order) => order.name,
  created_on: (order: Order) => order.createdMs,
  state: (order: Order) => order.state,
  last_modified: (order: Order) => order.modifiedMs,
} as const;

export type OrderComparator = (a: Order, b: Order) => number;

/**
 * Planet's `sort_by`: comma-separated fields, each optionally `ASC` or `DESC` (SDK
 * `list_orders`, e.g. `"name DESC,state"`; fields name, created_on, state, last_modified).
 * Null when a field is unknown. Ties keep creation order.
 */
export function parseSort(raw: string): OrderComparator | null {
  const keys: { read: (order: Order) => string | number; sign: number }[] = [];
  for (const part of raw.split(',')) {
    const match = /^\s*(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
    const read = match ? FIELDS[match[1] as keyof typeof FIELDS] : undefined;
    if (!match || !read) return null;
    keys.push({ read, sign: match[2]?.toUpperCase() === 'DESC' ? -1 : 1 });
  }
  return (a, b) => {
    for (const { read, sign } of keys) {
      const [x, y] = [read(a), read(b)];
      if (x !== y) return x < y ? -sign : sign;
    }
    return a.seq - b.seq;
  };
}
