import { describe, expect, it } from 'vitest';
import type { HttpAnswer, HttpClient } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import { PlanetClient } from './planet-client.ts';

/** A PlanetClient over a fake HTTP layer that answers `answer` and records what was asked. */
function clientAnswering(answer: HttpAnswer) {
  const asked: { method: string; url: string; ids: string[] }[] = [];
  const http = {
    request: (config: { method: string; url: string }, ids: string[]) => {
      asked.push({ method: config.method, url: config.url, ids });
      return Promise.resolve(answer);
    },
  } as unknown as HttpClient;
  return { client: new PlanetClient(http, 'key'), asked };
}

const order = { id: 'a', state: 'cancelled', last_modified: '2026-01-01T00:00:01.000Z' };
const ok = (body: unknown): HttpAnswer => ({ status: 200, body, retryAfterMs: null });

describe('PlanetClient.listOrders', () => {
  it('asks for one page and keeps only the query of _links.next, never its host', async () => {
    const { client, asked } = clientAnswering(
      ok({
        _links: {
          _self: 'x',
          next: 'https://elsewhere.example/orders/v2?state=cancelled&page_marker=7',
        },
        orders: [order],
      }),
    );
    const page = await client.listOrders('state=cancelled');
    expect(asked).toEqual([{ method: 'GET', url: '/orders/v2?state=cancelled', ids: [] }]);
    expect(page).toEqual({
      orders: [{ id: 'a', state: 'cancelled', lastModified: order.last_modified }],
      nextQuery: 'state=cancelled&page_marker=7',
    });
  });

  it('ends on a page without next', async () => {
    const { client } = clientAnswering(ok({ _links: { _self: 'x' }, orders: [] }));
    expect(await client.listOrders('state=cancelled')).toEqual({ orders: [], nextQuery: null });
  });

  it('refuses a next page that is this page again (the SDK’s PagingError)', async () => {
    const { client } = clientAnswering(
      ok({
        _links: { next: 'https://api.planet.com/compute/ops/orders/v2?page_marker=3' },
        orders: [],
      }),
    );
    const error = await client.listOrders('page_marker=3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retry).toBe('never');
  });

  it.each([
    ['a body that is not a page', ok({ orders: 'none' }), 'later'],
    ['a 503', { status: 503, body: { message: 'busy' }, retryAfterMs: null }, 'later'],
    ['a 400', { status: 400, body: { message: 'Invalid state' }, retryAfterMs: null }, 'never'],
  ] as const)('classifies %s', async (_what, answer, retry) => {
    const { client } = clientAnswering(answer);
    const error = await client.listOrders('state=cancelled').catch((e: unknown) => e);
    expect((error as ProviderError).retry).toBe(retry);
  });
});
