/**
 * What `pnpm start` needs to stand a simulator in for each provider that has no credentials in
 * the environment: the simulator's own credentials (also handed to the worker), the base URL
 * variable to point at it, and a request that cancels one of its seeded orders.
 */
export interface SimulatedProvider {
  name: 'planet' | 'planomatic' | 'coinw' | 'hypertrack';
  /** Set in the environment means the real provider is configured: no simulator for it. */
  credentialVars: string[];
  /** Given to the simulator (SIM_*) and to the worker (provider variables). */
  simEnv: Record<string, string>;
  workerEnv: (simUrl: string) => Record<string, string>;
  /** A cancellation body for one of the orders the simulator seeded. */
  example: (simUrl: string) => Promise<object | null>;
}

async function adminGet<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

export const SIMULATED_PROVIDERS: SimulatedProvider[] = [
  {
    name: 'planet',
    credentialVars: ['PLANET_API_KEY'],
    simEnv: { SIM_PLANET_API_KEY: 'sim-planet-key' },
    workerEnv: (simUrl) => ({
      PLANET_BASE_URL: `${simUrl}/planet`,
      PLANET_API_KEY: 'sim-planet-key',
    }),
    example: async (simUrl) => {
      const { orders } = await adminGet<{ orders: { id: string }[] }>(
        `${simUrl}/_sim/planet/orders?state=queued`,
      );
      return orders[0] ? { provider: 'planet', order_ids: [orders[0].id] } : null;
    },
  },
  {
    name: 'planomatic',
    credentialVars: ['PLANOMATIC_API_TOKEN'],
    simEnv: { SIM_PLANOMATIC_API_TOKEN: 'sim-planomatic-token' },
    workerEnv: (simUrl) => ({
      PLANOMATIC_BASE_URL: `${simUrl}/planomatic`,
      PLANOMATIC_API_TOKEN: 'sim-planomatic-token',
    }),
    example: async (simUrl) => {
      const { orders } = await adminGet<{ orders: { order_id: string }[] }>(
        `${simUrl}/_sim/planomatic/orders?status=new_request`,
      );
      return orders[0]
        ? {
            provider: 'planomatic',
            order_id: orders[0].order_id,
            cancelation_reason: 'duplicate_order',
            notes: 'Placed twice by the booking form.',
          }
        : null;
    },
  },
  {
    name: 'coinw',
    credentialVars: ['COINW_API_KEY', 'COINW_SECRET_KEY'],
    simEnv: { SIM_COINW_API_KEY: 'sim-coinw-key', SIM_COINW_SECRET_KEY: 'sim-coinw-secret' },
    workerEnv: (simUrl) => ({
      COINW_BASE_URL: `${simUrl}/coinw`,
      COINW_API_KEY: 'sim-coinw-key',
      COINW_SECRET_KEY: 'sim-coinw-secret',
    }),
    example: async (simUrl) => {
      const { orders } = await adminGet<{ orders: { id: string }[] }>(
        `${simUrl}/_sim/coinw/orders?status=open`,
      );
      return orders.length > 0 ? { provider: 'coinw', source_ids: orders.map((o) => o.id) } : null;
    },
  },
  {
    name: 'hypertrack',
    credentialVars: ['HYPERTRACK_ACCOUNT_ID', 'HYPERTRACK_SECRET_KEY'],
    simEnv: {
      SIM_HYPERTRACK_ACCOUNT_ID: 'sim-account',
      SIM_HYPERTRACK_SECRET_KEY: 'sim-hypertrack-secret',
    },
    workerEnv: (simUrl) => ({
      HYPERTRACK_BASE_URL: `${simUrl}/hypertrack`,
      HYPERTRACK_ACCOUNT_ID: 'sim-account',
      HYPERTRACK_SECRET_KEY: 'sim-hypertrack-secret',
    }),
    example: async (simUrl) => {
      const { orders } = await adminGet<{ orders: { order_handle: string }[] }>(
        `${simUrl}/_sim/hypertrack/orders`,
      );
      return orders[0] ? { provider: 'hypertrack', order_handle: orders[0].order_handle } : null;
    },
  },
];
