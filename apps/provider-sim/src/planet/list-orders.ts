import { outcome, type Outcome } from '../common/outcome.ts';
import { planetErrorBody } from './error-body.ts';
import { isOrderState, type Order } from './order.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';
import { parseSort } from './sort-orders.ts';
import { parseTimeFilter } from './time-filter.ts';

export interface ListQuery {
  state: unknown;
  created_on: unknown;
  last_modified: unknown;
  sort_by: unknown;
  page_marker: unknown;
}

/** The filters a `next` link repeats, so every page of a listing answers the same question. */
const FILTERS = ['state', 'created_on', 'last_modified', 'sort_by'] as const;

/**
 * `GET /orders/v2`: one page, `_links.next` (absolute, with `page_marker`) only when more
 * orders match; the SDK follows `next` until it is absent. The marker is opaque to clients;
 * here it is the creation sequence number of the first order of the next page, or with
 * `sort_by` the position of that order in the sorted listing. Only the caller's (`owner`'s)
 * orders are listed.
 */
export function listOrders(
  store: OrderStore,
  query: ListQuery,
  pageSize: number,
  urls: { base: string; self: string },
  owner: string,
): Outcome {
  const { base: baseUrl, self: selfUrl } = urls;
  const { state, page_marker: marker } = query;
  if (state !== undefined && !isOrderState(state)) {
    return outcome(400, planetErrorBody(400, `Invalid state: ${JSON.stringify(state)}`));
  }
  const tests: ((order: Order) => boolean)[] = [(order) => order.account === owner];
  if (state !== undefined) tests.push((order) => order.state === state);
  for (const [name, time] of [
    ['created_on', (order: Order) => order.createdMs],
    ['last_modified', (order: Order) => order.modifiedMs],
  ] as const) {
    const raw = query[name];
    if (raw === undefined) continue;
    const matches = typeof raw === 'string' ? parseTimeFilter(raw) : null;
    if (matches === null) {
      return outcome(400, planetErrorBody(400, `Invalid ${name}: ${JSON.stringify(raw)}`));
    }
    tests.push((order) => matches(time(order)));
  }
  let fromSeq = 0;
  if (marker !== undefined) {
    if (typeof marker !== 'string' || !/^\d+$/.test(marker)) {
      return outcome(400, planetErrorBody(400, `Invalid page_marker: ${JSON.stringify(marker)}`));
    }
    fromSeq = Number(marker);
  }
  const matches = (order: Order) => tests.every((test) => test(order));
  let page: { orders: Order[]; nextSeq: number | null };
  if (query.sort_by === undefined) {
    page = store.page(fromSeq, pageSize, matches);
  } else {
    const compare = typeof query.sort_by === 'string' ? parseSort(query.sort_by) : null;
    if (compare === null) {
      return outcome(
        400,
        planetErrorBody(400, `Invalid sort_by: ${JSON.stringify(query.sort_by)}`),
      );
    }
    const sorted = store.matching(matches).sort(compare);
    const end = fromSeq + pageSize;
    page = { orders: sorted.slice(fromSeq, end), nextSeq: end < sorted.length ? end : null };
  }
  const links: { _self: string; next?: string } = { _self: selfUrl };
  if (page.nextSeq !== null) {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = query[name];
      if (typeof value === 'string') params.set(name, value);
    }
    params.set('page_marker', String(page.nextSeq));
    links.next = `${baseUrl}/orders/v2?${params.toString()}`;
  }
  return outcome(200, { _links: links, orders: page.orders.map((o) => toApiOrder(o, baseUrl)) });
}
