import { simAdmin, simControls, simLookup, type SimControls } from './sim-types.ts';

/**
 * Typed client for the Planet simulator's admin surface (`/_sim/planet`). The shapes are
 * repeated here rather than imported: packages never depend on apps.
 */

export type PlanetOrderState =
  'queued' | 'running' | 'success' | 'partial' | 'failed' | 'cancelled';

export interface PlanetOrderTruth {
  id: string;
  state: PlanetOrderState;
  created_at_ms: number;
  /** When a queued order will turn running on its own; null = never or not queued. */
  running_due_ms: number | null;
  running_at_ms: number | null;
  cancelled_at_ms: number | null;
}

export interface CreatePlanetOrders {
  count?: number;
  orders?: { id?: string; state?: PlanetOrderState; running_after_ms?: number | null }[];
  running_after_ms?: number | null;
  running_mean_ms?: number;
}

export interface PlanetSimConfig {
  bulk_max: number;
  page_size: number;
  latency_ms: number;
}

export interface PlanetSimClient extends SimControls<PlanetSimConfig> {
  /** `${url}/planet`: the base URL a Planet client should use. */
  apiBaseUrl: string;
  createOrders(body: CreatePlanetOrders): Promise<{ id: string; state: PlanetOrderState }[]>;
  getOrder(id: string): Promise<PlanetOrderTruth | null>;
  listOrders(state?: PlanetOrderState): Promise<PlanetOrderTruth[]>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function planetSimClient(url: string): PlanetSimClient {
  const call = simAdmin(url, 'planet');
  const lookup = simLookup(url, 'planet');

  return {
    apiBaseUrl: `${url}/planet`,
    createOrders: async (body) =>
      (await call<{ orders: { id: string; state: PlanetOrderState }[] }>('POST', '/orders', body))
        .orders,
    getOrder: (id) => lookup<PlanetOrderTruth>(`/orders/${encodeURIComponent(id)}`),
    listOrders: async (state) =>
      (
        await call<{ orders: PlanetOrderTruth[] }>(
          'GET',
          state === undefined ? '/orders' : `/orders?state=${state}`,
        )
      ).orders,
    ...simControls<PlanetSimConfig>(url, 'planet'),
  };
}
