import { describe, expect, it } from 'vitest';
import { planetSimClient } from '../src/control/planet-sim-client.ts';
import { startSimulator } from '../src/control/start-simulator.ts';
import { basic, waitFor } from './helpers.ts';

describe('src/main.ts as a process', () => {
  it('starts on an ephemeral port with seeded orders, serves Planet, and exits 0 on SIGTERM', async () => {
    const proc = await startSimulator({ SIM_SEED_ORDERS: '3', SIM_PLANET_API_KEY: 'proc-key' });
    try {
      expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sim = planetSimClient(proc.url);
      const seeded = await sim.listOrders();
      expect(seeded.map((o) => [o.state, o.running_due_ms])).toEqual([
        ['queued', null],
        ['queued', null],
        ['queued', null],
      ]);
      const cancel = (key: string) =>
        fetch(`${sim.apiBaseUrl}/orders/v2/${seeded[0]!.id}`, {
          method: 'PUT',
          headers: { authorization: basic(key) },
        });
      expect((await cancel('sim-planet-key')).status).toBe(401);
      expect((await cancel('proc-key')).status).toBe(200);

      // A hung request must not keep the process from exiting.
      await sim.addFaults([{ kind: 'hang' }]);
      const hung = fetch(`${sim.apiBaseUrl}/stats/orders/v2`, {
        headers: { authorization: basic('proc-key') },
      }).then(
        () => 'answered',
        () => 'dropped',
      );
      await waitFor(async () => (await sim.calls()).count === 3, 5_000, 'the hung call');
      await proc.stop();
      expect(await hung).toBe('dropped');
    } finally {
      await proc.stop();
    }
  });

  it('fails fast with the bad variable named when the environment is invalid', async () => {
    await expect(startSimulator({ SIM_PORT: 'nope' })).rejects.toThrow(/SIM_PORT/);
  });
});
