import { describe, expect, it } from 'vitest';
import { planomaticSimClient } from '../src/control/planomatic-sim-client.ts';
import { startSimulator } from '../src/control/start-simulator.ts';

describe('src/main.ts as a process, PlanOmatic', () => {
  it('seeds SIM_SEED_ORDERS cancelable orders and reads the token and its field from the env', async () => {
    const proc = await startSimulator({
      SIM_SEED_ORDERS: '2',
      SIM_PLANOMATIC_API_TOKEN: 'proc-token',
      SIM_PLANOMATIC_TOKEN_FIELD: 'api_key',
    });
    try {
      const sim = planomaticSimClient(proc.url);
      const seeded = await sim.listOrders();
      expect(seeded.map((o) => [o.order_id, o.status, o.appointment_confirmed])).toEqual([
        ['654321', 'new_request', false],
        ['654322', 'new_request', false],
      ]);
      expect(await sim.tokenField()).toBe('api_key');
      const cancel = (body: Record<string, unknown>) =>
        fetch(`${sim.apiBaseUrl}/api/v3/orders/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            order_id: '654321',
            cancelation_reason: 'duplicate_order',
            notes: 'seeded',
            ...body,
          }),
        });
      expect((await cancel({ api_key: 'sim-planomatic-token' })).status).toBe(400);
      expect((await cancel({ api_token: 'proc-token' })).status).toBe(400);
      expect((await cancel({ api_key: 'proc-token' })).status).toBe(201);
    } finally {
      await proc.stop();
    }
  });

  it('fails fast on an unknown SIM_PLANOMATIC_TOKEN_FIELD', async () => {
    await expect(startSimulator({ SIM_PLANOMATIC_TOKEN_FIELD: 'token' })).rejects.toThrow(
      /SIM_PLANOMATIC_TOKEN_FIELD/,
    );
  });
});
