import { z } from 'zod';
import type { CallContext, HttpClient } from '../http/http-client.ts';
import { failureForStatus, providerMessage } from '../http/classify-status.ts';
import { ProviderError } from '../provider-error.ts';
import { planetBulkCancelBody, type PlanetBulkTarget } from './bulk-body.ts';

const bulkAnswer = z.object({
  result: z.object({
    failed: z.object({
      count: z.number(),
      failures: z.array(z.object({ order_id: z.string(), message: z.string() })).default([]),
    }),
    succeeded: z.object({ count: z.number() }),
  }),
});

const orderAnswer = z.object({ id: z.string(), state: z.string() });

const pageAnswer = z.object({
  _links: z.object({ next: z.string().optional() }).optional(),
  orders: z.array(z.object({ id: z.string(), state: z.string(), last_modified: z.string() })),
});

export interface PlanetOrderPage {
  orders: { id: string; state: string; lastModified: string }[];
  /** The query of `_links.next` (without `?`); null on the last page. */
  nextQuery: string | null;
}

export interface PlanetBulkResult {
  succeeded: number;
  failures: { orderId: string; message: string }[];
}

export type PlanetSingleResult = 'cancelled' | 'not_cancellable' | 'not_found';

/**
 * Planet Orders API v2. Auth is HTTP Basic with the API key as user and an empty password,
 * the method Planet's docs prefer. Every method is exactly one HTTP call (one page, for lists).
 */
export class PlanetClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HttpClient,
    apiKey: string,
  ) {
    this.authorization = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
  }

  /** POST /bulk/orders/v2/cancel. Answers 200 even when some orders failed to cancel. */
  async bulkCancel(target: PlanetBulkTarget, context?: CallContext): Promise<PlanetBulkResult> {
    const ids = target.kind === 'order_ids' ? target.orderIds : [];
    const answer = await this.http.request(
      {
        method: 'POST',
        url: '/bulk/orders/v2/cancel',
        data: planetBulkCancelBody(target),
        headers: this.headers(true),
      },
      ids,
      context,
    );
    if (answer.status !== 200) throw failureForStatus(answer);
    const parsed = bulkAnswer.safeParse(answer.body);
    if (!parsed.success)
      throw new ProviderError('later', 'HTTP 200 with an unexpected bulk cancel body', {
        status: 200,
      });
    const { failed, succeeded } = parsed.data.result;
    return {
      succeeded: succeeded.count,
      failures: failed.failures.map((failure) => ({
        orderId: failure.order_id,
        message: failure.message,
      })),
    };
  }

  /** PUT /orders/v2/{id}: 409 is Planet's "not in a cancellable state". */
  async cancelOne(orderId: string, context?: CallContext): Promise<PlanetSingleResult> {
    const answer = await this.http.request(
      {
        method: 'PUT',
        url: `/orders/v2/${encodeURIComponent(orderId)}`,
        headers: this.headers(false),
      },
      [orderId],
      context,
    );
    if (answer.status === 200) return 'cancelled';
    if (answer.status === 409) return 'not_cancellable';
    if (answer.status === 404) return 'not_found';
    throw failureForStatus(answer);
  }

  /** GET /orders/v2/{id}: the order's state, or null when Planet does not know it. */
  async orderState(orderId: string, context?: CallContext): Promise<string | null> {
    const answer = await this.http.request(
      {
        method: 'GET',
        url: `/orders/v2/${encodeURIComponent(orderId)}`,
        headers: this.headers(false),
      },
      [orderId],
      context,
    );
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw failureForStatus(answer);
    const parsed = orderAnswer.safeParse(answer.body);
    if (!parsed.success) {
      throw new ProviderError('later', `HTTP 200 without an order state${describe(answer.body)}`, {
        status: 200,
      });
    }
    return parsed.data.state;
  }

  /**
   * GET /orders/v2 with `query` (without `?`): the first page's filters, or a `nextQuery` as
   * is. Only the query of `_links.next` is followed, always against our own base URL: the
   * credentials never go to a host a provider's answer names.
   */
  async listOrders(query: string, context?: CallContext): Promise<PlanetOrderPage> {
    const answer = await this.http.request(
      { method: 'GET', url: `/orders/v2?${query}`, headers: this.headers(false) },
      [],
      context,
    );
    if (answer.status !== 200) throw failureForStatus(answer);
    const parsed = pageAnswer.safeParse(answer.body);
    if (!parsed.success)
      throw new ProviderError('later', 'HTTP 200 with an unexpected order list body', {
        status: 200,
      });
    const next = parsed.data._links?.next;
    const nextQuery = next === undefined ? null : queryOf(next);
    // The SDK's PagingError: a next page that is this page would be listed forever.
    if (nextQuery === query)
      throw new ProviderError('never', 'Planet answered a next page that is this page again');
    return {
      orders: parsed.data.orders.map((o) => ({
        id: o.id,
        state: o.state,
        lastModified: o.last_modified,
      })),
      nextQuery,
    };
  }

  private headers(json: boolean): Record<string, string> {
    return json
      ? { Authorization: this.authorization, 'Content-Type': 'application/json' }
      : { Authorization: this.authorization };
  }
}

function queryOf(next: string): string {
  if (!URL.canParse(next, 'https://planet.invalid'))
    throw new ProviderError('never', `Planet answered a next page that is not a URL: ${next}`);
  return new URL(next, 'https://planet.invalid').search.slice(1);
}

function describe(body: unknown): string {
  const message = providerMessage(body);
  return message ? `: ${message}` : '';
}
