import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';
import { hypertrackSimClient } from '../src/control/hypertrack-sim-client.ts';
import { startSimulator } from '../src/control/start-simulator.ts';
import { basicAuth } from './hypertrack-helpers.ts';

describe('HyperTrack in src/main.ts', () => {
  it('reads its credentials from the environment, with defaults', () => {
    expect(readEnv({})).toMatchObject({
      hypertrackAccountId: 'sim-account',
      hypertrackSecretKey: 'sim-hypertrack-secret',
    });
    expect(
      readEnv({ SIM_HYPERTRACK_ACCOUNT_ID: 'acc', SIM_HYPERTRACK_SECRET_KEY: 'sec' }),
    ).toMatchObject({ hypertrackAccountId: 'acc', hypertrackSecretKey: 'sec' });
  });

  it('seeds SIM_SEED_ORDERS cancellable orders and checks SIM_HYPERTRACK_* credentials', async () => {
    const proc = await startSimulator({
      SIM_SEED_ORDERS: '2',
      SIM_HYPERTRACK_ACCOUNT_ID: 'proc-account',
      SIM_HYPERTRACK_SECRET_KEY: 'proc-secret',
    });
    try {
      const sim = hypertrackSimClient(proc.url);
      const seeded = await sim.listOrders();
      expect(seeded.map((o) => [o.order_handle, o.attempts[0]?.legs[0]?.status])).toEqual([
        ['sim-order-1', 'assigned'],
        ['sim-order-2', 'assigned'],
      ]);
      const cancel = (auth: string) =>
        fetch(`${sim.apiBaseUrl}/orders/sim-order-1/cancel`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: '{}',
        });
      expect((await cancel(basicAuth('sim-account', 'sim-hypertrack-secret'))).status).toBe(401);
      expect((await cancel(basicAuth('proc-account', 'proc-secret'))).status).toBe(200);
      expect((await sim.getOrder('sim-order-1'))?.attempts[0]?.legs[0]?.status).toBe('cancelled');
    } finally {
      await proc.stop();
    }
  });
});
