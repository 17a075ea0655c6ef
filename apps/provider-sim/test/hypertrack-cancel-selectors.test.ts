/** HyperTrack cancel selectors (type, type_index, fulfillment_attempt): which legs it cancels. */
import { describe, expect, it } from 'vitest';
import { assignedOrders, legStatuses } from './hypertrack-helpers.ts';
import { t, useFreshSim } from './hypertrack-cancel-setup.ts';

useFreshSim();

describe('selectors narrow what is cancelled', () => {
  const route = async () => {
    await t.sim.createOrders({
      orders: [
        {
          order_handle: 'route',
          legs: [{ type: 'pick' }, { type: 'drop' }, { type: 'drop' }, { type: 'pick' }],
        },
      ],
    });
  };

  it('type and type_index address one leg; no selector cancels every live leg', async () => {
    await route();
    expect(await legStatuses(t, 'route')).toEqual([
      ['pick', 0, 'assigned'],
      ['drop', 0, 'assigned'],
      ['drop', 1, 'assigned'],
      ['pick', 1, 'assigned'],
    ]);

    let res = await t.cancel('route', 'type=drop&type_index=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 1, status: 'cancelled' });
    expect(await legStatuses(t, 'route')).toEqual([
      ['pick', 0, 'assigned'],
      ['drop', 0, 'assigned'],
      ['drop', 1, 'cancelled'],
      ['pick', 1, 'assigned'],
    ]);

    res = await t.cancel('route', 'type=pick');
    expect(await res.json()).toMatchObject({ type: 'pick', type_index: 0 });
    expect((await legStatuses(t, 'route')).map((l) => l[2])).toEqual([
      'cancelled',
      'assigned',
      'cancelled',
      'cancelled',
    ]);

    // The remaining live leg only; the answer describes it.
    res = await t.cancel('route');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 0 });
    expect((await legStatuses(t, 'route')).every((l) => l[2] === 'cancelled')).toBe(true);
  });

  it('type_index alone addresses that index of either type', async () => {
    await route();
    const res = await t.cancel('route', 'type_index=1');
    expect(await res.json()).toMatchObject({ type: 'drop', type_index: 1 });
    expect((await legStatuses(t, 'route')).map((l) => l[2])).toEqual([
      'assigned',
      'assigned',
      'cancelled',
      'cancelled',
    ]);
  });

  it('leaves final legs alone and cancels the live ones', async () => {
    await t.sim.createOrders({
      orders: [
        {
          order_handle: 'half-done',
          legs: [
            { type: 'pick', status: 'completed' },
            { type: 'drop', status: 'ongoing' },
          ],
        },
      ],
    });
    const res = await t.cancel('half-done');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'drop', status: 'cancelled' });
    expect(await legStatuses(t, 'half-done')).toEqual([
      ['pick', 0, 'completed'],
      ['drop', 0, 'cancelled'],
    ]);
  });

  it.each(['unplanned', 'planned', 'assigned', 'ongoing'] as const)(
    'cancels a %s leg',
    async (status) => {
      await t.sim.createOrders({ orders: [{ order_handle: 'o', status }] });
      expect((await t.cancel('o')).status).toBe(200);
      expect(await legStatuses(t, 'o')).toEqual([['drop', 0, 'cancelled']]);
    },
  );

  it('without fulfillment_attempt, only the latest attempt is cancelled', async () => {
    const [created] = await t.sim.createOrders({
      orders: [{ order_handle: 'rescheduled', attempts: 3 }],
    });
    expect(created!.attempts.map((a) => a.legs[0]!.status)).toEqual([
      'cancelled',
      'cancelled',
      'assigned',
    ]);
    const res = await t.cancel('rescheduled');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fulfillment_attempt: 2, status: 'cancelled' });
    const truth = await t.sim.getOrder('rescheduled');
    // The earlier attempts keep the time they were cancelled at (creation), untouched.
    expect(truth!.attempts.map((a) => a.legs[0]!.cancelled_at_ms === truth!.created_at_ms)).toEqual(
      [true, true, false],
    );
  });

  it('fulfillment_attempt addresses an earlier attempt explicitly', async () => {
    await t.sim.createOrders({ orders: [{ order_handle: 'two-tries', attempts: 2 }] });
    // Revive attempt 0 so there is something live to cancel there.
    await t.sim.updateOrder('two-tries', { fulfillment_attempt: 0, status: 'assigned' });

    const res = await t.cancel('two-tries', 'fulfillment_attempt=0');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fulfillment_attempt: 0, status: 'cancelled' });
    expect(await legStatuses(t, 'two-tries', 0)).toEqual([['drop', 0, 'cancelled']]);
    expect(await legStatuses(t, 'two-tries', 1)).toEqual([['drop', 0, 'assigned']]);

    expect(
      (await t.cancel('two-tries', 'fulfillment_attempt=1&type=drop&type_index=0')).status,
    ).toBe(200);
    expect(await legStatuses(t, 'two-tries', 1)).toEqual([['drop', 0, 'cancelled']]);
  });

  it('ignores unknown query parameters', async () => {
    const [handle] = await assignedOrders(t, 1);
    expect((await t.cancel(handle!, 'force=true&type=drop')).status).toBe(200);
  });

  it('decodes percent-encoded query values, and the call log keeps the query as sent', async () => {
    await route();
    const query = 'type=dr%6Fp&type_index=%31&fulfillment_attempt=0';
    expect((await t.cancel('route', query)).status).toBe(200);
    expect((await legStatuses(t, 'route'))[2]).toEqual(['drop', 1, 'cancelled']);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ query, ids: ['route'] });
  });
});
