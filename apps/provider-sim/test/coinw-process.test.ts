import { describe, expect, it } from 'vitest';
import { coinwSimClient, signCoinw } from '../src/control/coinw-sim-client.ts';
import { startSimulator } from '../src/control/start-simulator.ts';

describe('src/main.ts as a process, for CoinW', () => {
  it('seeds SIM_SEED_ORDERS open orders and signs with SIM_COINW_API_KEY / SECRET_KEY', async () => {
    const proc = await startSimulator({
      SIM_SEED_ORDERS: '2',
      SIM_COINW_API_KEY: 'proc-key',
      SIM_COINW_SECRET_KEY: 'proc-secret',
    });
    try {
      const sim = coinwSimClient(proc.url);
      const seeded = await sim.listOrders();
      expect(seeded.map((o) => [o.status, o.pos_type])).toEqual([
        ['open', 'plan'],
        ['open', 'plan'],
      ]);
      const path = '/v1/perpum/batchOrders';
      const body = JSON.stringify({ sourceIds: [seeded[0]!.id] });
      const cancel = async (key: string, secret: string) => {
        const timestamp = String(Date.now());
        const res = await fetch(`${sim.apiBaseUrl}${path}`, {
          method: 'DELETE',
          headers: {
            'content-type': 'application/json',
            api_key: key,
            timestamp,
            sign: signCoinw(secret, timestamp, 'DELETE', path, body),
          },
          body,
        });
        return ((await res.json()) as { code: number }).code;
      };
      expect(await cancel('sim-coinw-key', 'sim-coinw-secret')).toBe(6000);
      expect(await cancel('proc-key', 'sim-coinw-secret')).toBe(6001);
      expect(await cancel('proc-key', 'proc-secret')).toBe(0);
      expect((await sim.getOrder(seeded[0]!.id))?.status).toBe('cancelled');
    } finally {
      await proc.stop();
    }
  });
});
