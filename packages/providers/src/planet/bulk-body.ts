import type { NonEmptyArray } from '@cancelq/contracts';

export type PlanetBulkTarget =
  { kind: 'order_ids'; orderIds: NonEmptyArray<string> } | { kind: 'all_queued' };

/**
 * The only place a bulk cancel body is built. Planet reads `{}` — and, through its SDK, an
 * empty `order_ids` — as "cancel every queued order", so `{}` is sent only for the explicit
 * `all_queued` target, and an empty id list is refused even if a caller forced one through.
 */
export function planetBulkCancelBody(target: PlanetBulkTarget): { order_ids?: string[] } {
  if (target.kind === 'all_queued') return {};
  if (target.orderIds.length === 0) {
    throw new Error(
      'refusing to send an empty order_ids list: Planet would cancel every queued order',
    );
  }
  return { order_ids: target.orderIds };
}
