import { outcome, type Outcome } from '../common/outcome.ts';
import { planetErrorBody } from './error-body.ts';
import { isOrderState } from './order.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';

export interface ListQuery {
  state: unknown;
  page_marker: unknown;
}

/**
 * `GET /orders/v2`: one page, `_links.next` (absolute, with `page_marker`) only when more
 * orders match; the SDK follows `next` until it is absent. The marker is opaque to clients;
 * here it is the creation sequence number of the first order of the next page.
 */
export function listOrders(
  store: OrderStore,
  query: ListQuery,
  pageSize: number,
  baseUrl: string,
  selfUrl: string,
): Outcome {
  const { state, page_marker: marker } = query;
  if (state !== undefined && !isOrderState(state)) {
    return outcome(400, planetErrorBody(400, `Invalid state: ${JSON.stringify(state)}`));
  }
  let fromSeq = 0;
  if (marker !== undefined) {
    if (typeof marker !== 'string' || !/^\d+$/.test(marker)) {
      return outcome(400, planetErrorBody(400, `Invalid page_marker: ${JSON.stringify(marker)}`));
    }
    fromSeq = Number(marker);
  }
  const page = store.page(fromSeq, pageSize, state);
  const links: { _self: string; next?: string } = { _self: selfUrl };
  if (page.nextSeq !== null) {
    const params = new URLSearchParams();
    if (state !== undefined) params.set('state', state);
    params.set('page_marker', String(page.nextSeq));
    links.next = `${baseUrl}/orders/v2?${params.toString()}`;
  }
  return outcome(200, { _links: links, orders: page.orders.map((o) => toApiOrder(o, baseUrl)) });
}
