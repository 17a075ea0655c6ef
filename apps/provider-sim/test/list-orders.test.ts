import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, waitFor, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

interface Page {
  _links: { _self: string; next?: string };
  orders: { id: string; state: string; last_modified: string }[];
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

describe('GET /orders/v2 filtered by last_modified', () => {
  const ids = (pages: Page[]) => pages.flatMap((p) => p.orders.map((o) => o.id));
  const q = (value: string) => encodeURIComponent(value);

  /** Five queued orders, then two of them cancelled: their last_modified moves on. */
  async function cancelledLater() {
    const created = (await t.sim.createOrders({ count: 5 })).map((o) => o.id);
    const [createdPage] = await allPages('/orders/v2');
    const createdAt = createdPage!.orders.map((o) => o.last_modified).sort();
    // Wait past the last creation's millisecond, so the cancels are strictly later.
    const lastCreated = Date.parse(createdAt.at(-1)!);
    await waitFor(() => Date.now() > lastCreated + 1, 5_000, 'the next millisecond');
    const cancelled = [created[1]!, created[3]!];
    for (const id of cancelled) expect((await t.api('PUT', `/orders/v2/${id}`)).status).toBe(200);
    const [after] = await allPages('/orders/v2?state=cancelled');
    const cancelledAt = after!.orders.map((o) => o.last_modified).sort();
    return { created, cancelled, createdAt, cancelledAt, after: after!.orders };
  }

  it('keeps orders modified inside an interval, bounds included, open ends allowed', async () => {
    const { created, cancelled, createdAt, cancelledAt, after } = await cancelledLater();
    const since = cancelledAt[0]!;
    expect(ids(await allPages(`/orders/v2?last_modified=${q(`${since}/..`)}`))).toEqual(cancelled);
    const until = createdAt.at(-1)!;
    const untouched = created.filter((id) => !cancelled.includes(id));
    expect(ids(await allPages(`/orders/v2?last_modified=${q(`../${until}`)}`))).toEqual(untouched);
    const both = `${cancelledAt[0]!}/${cancelledAt.at(-1)!}`;
    expect(ids(await allPages(`/orders/v2?state=cancelled&last_modified=${q(both)}`))).toEqual(
      cancelled,
    );
    expect(ids(await allPages(`/orders/v2?state=queued&last_modified=${q(both)}`))).toEqual([]);
    // created_on filters the same way, on the creation time, which a cancel does not move.
    expect(ids(await allPages(`/orders/v2?created_on=${q(`../${until}`)}`))).toEqual(created);
    // An instant matches the orders shown as modified at exactly that millisecond.
    const at = cancelledAt[0]!;
    expect(ids(await allPages(`/orders/v2?last_modified=${q(at)}`))).toEqual(
      after.filter((o) => o.last_modified === at).map((o) => o.id),
    );
  });

  it('repeats the filters in every next link, so each page answers the same question', async () => {
    await t.sim.setConfig({ page_size: 1 });
    const { cancelled, cancelledAt } = await cancelledLater();
    const filter = `state=cancelled&last_modified=${q(`${cancelledAt[0]!}/..`)}`;
    const pages = await allPages(`/orders/v2?${filter}`);
    expect(pages.map((p) => p.orders.length)).toEqual([1, 1]);
    expect(ids(pages)).toEqual(cancelled);
    const next = new URL(pages[0]!._links.next!);
    expect(next.searchParams.get('state')).toBe('cancelled');
    expect(next.searchParams.get('last_modified')).toBe(`${cancelledAt[0]!}/..`);
  });

  it.each(['yesterday', '2026-01-01', '../..', 'a/b', '2026-01-01T00:00:00Z/../x'])(
    'answers 400 for last_modified=%s',
    async (value) => {
      const res = await t.api('GET', `/orders/v2?last_modified=${q(value)}`);
      expect(res.status).toBe(400);
    },
  );

  it('sorts by sort_by across pages: newest modified first', async () => {
    await t.sim.setConfig({ page_size: 2 });
    const { cancelled } = await cancelledLater();
    const pages = await allPages(`/orders/v2?sort_by=${q('last_modified DESC')}`);
    const listed = ids(pages);
    // The orders cancelled last were modified last, so they lead; every order is listed once.
    expect(listed.slice(0, cancelled.length).sort()).toEqual([...cancelled].sort());
    expect(new Set(listed).size).toBe(listed.length);
    expect(new URL(pages[0]!._links.next!).searchParams.get('sort_by')).toBe('last_modified DESC');
  });

  it.each(['price', 'name SIDEWAYS', ''])('answers 400 for sort_by=%j', async (value) => {
    const res = await t.api('GET', `/orders/v2?sort_by=${q(value)}`);
    expect(res.status).toBe(400);
  });
});
