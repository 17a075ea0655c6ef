import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

interface Page {
  _links: { _self: string; next?: string };
  orders: { id: string; state: string }[];
}

/** Follows `_links.next` like the SDK does, failing on a page cycle. */
async function allPages(firstPath: string): Promise<Page[]> {
  const pages: Page[] = [];
  let url: string | undefined = `${t.base}${firstPath}`;
  while (url !== undefined) {
    expect(url.startsWith(`${t.base}/orders/v2`)).toBe(true);
    const res = await t.api('GET', url.slice(t.base.length));
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page._links.next).not.toBe(url);
    pages.push(page);
    url = page._links.next;
  }
  return pages;
}

describe('GET /orders/v2', () => {
  it('pages 20 at a time through _links.next until it is absent', async () => {
    const ids = (await t.sim.createOrders({ count: 45 })).map((o) => o.id);
    const pages = await allPages('/orders/v2');
    expect(pages.map((p) => p.orders.length)).toEqual([20, 20, 5]);
    expect(pages.flatMap((p) => p.orders.map((o) => o.id))).toEqual(ids);
    expect(pages[0]!._links._self).toBe(`${t.base}/orders/v2`);
    expect('next' in pages[2]!._links).toBe(false);
    expect(pages[0]!._links.next).toMatch(/[?&]page_marker=/);
  });

  it('filters by state across pages and honours the admin page size', async () => {
    await t.sim.setConfig({ page_size: 3 });
    const specs = Array.from({ length: 20 }, (_, i) => ({
      state: i % 3 === 0 ? ('cancelled' as const) : ('queued' as const),
    }));
    const created = await t.sim.createOrders({ orders: specs });
    const cancelled = created.filter((o) => o.state === 'cancelled').map((o) => o.id);
    const pages = await allPages('/orders/v2?state=cancelled');
    expect(pages.map((p) => p.orders.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.orders.map((o) => o.id))).toEqual(cancelled);
    expect(pages.every((p) => p.orders.every((o) => o.state === 'cancelled'))).toBe(true);
  });

  it('has no next link when everything fits on one page, or nothing matches', async () => {
    await t.sim.createOrders({ count: 20 });
    const [full] = await allPages('/orders/v2');
    expect(full!.orders.length).toBe(20);
    const [none] = await allPages('/orders/v2?state=failed');
    expect(none).toEqual({ _links: { _self: `${t.base}/orders/v2?state=failed` }, orders: [] });
  });

  it('answers 400 for an unknown state or a bad page marker', async () => {
    expect((await t.api('GET', '/orders/v2?state=done')).status).toBe(400);
    expect((await t.api('GET', '/orders/v2?page_marker=x')).status).toBe(400);
  });
});
