import { simAdmin, type SimCalls, type SimFault, type SimLimit } from './sim-types.ts';

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

export interface PlanetSimClient {
  /** `${url}/planet`: the base URL a Planet client should use. */
  apiBaseUrl: string;
  createOrders(body: CreatePlanetOrders): Promise<{ id: string; state: PlanetOrderState }[]>;
  getOrder(id: string): Promise<PlanetOrderTruth | null>;
  listOrders(state?: PlanetOrderState): Promise<PlanetOrderTruth[]>;
  setLimit(limit: Partial<SimLimit>): Promise<SimLimit>;
  setConfig(config: Partial<PlanetSimConfig>): Promise<PlanetSimConfig>;
  addFaults(faults: SimFault[]): Promise<void>;
  clearFaults(): Promise<void>;
  calls(options?: { windowMs?: number }): Promise<SimCalls>;
  reset(): Promise<void>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function planetSimClient(url: string): PlanetSimClient {
  const admin = `${url}/_sim/planet`;

  const call = simAdmin(url, 'planet');

  return {
    apiBaseUrl: `${url}/planet`,
    createOrders: async (body) =>
      (await call<{ orders: { id: string; state: PlanetOrderState }[] }>('POST', '/orders', body))
        .orders,
    getOrder: async (id) => {
      const res = await fetch(`${admin}/orders/${encodeURIComponent(id)}`);
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`GET /_sim/planet/orders/${id} → ${res.status}`);
      return (await res.json()) as PlanetOrderTruth;
    },
    listOrders: async (state) =>
      (
        await call<{ orders: PlanetOrderTruth[] }>(
          'GET',
          state === undefined ? '/orders' : `/orders?state=${state}`,
        )
      ).orders,
    setLimit: (limit) => call('PUT', '/limit', limit),
    setConfig: (config) => call('PUT', '/config', config),
    addFaults: async (faults) => {
      await call('POST', '/faults', { faults });
    },
    clearFaults: () => call('DELETE', '/faults'),
    calls: (options) =>
      call(
        'GET',
        options?.windowMs === undefined ? '/calls' : `/calls?window_ms=${options.windowMs}`,
      ),
    reset: () => call('POST', '/reset'),
  };
}
