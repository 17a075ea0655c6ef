import { listenSimulator, type RunningSimulator } from '../src/listen.ts';
import type { PlanomaticOptions } from '../src/planomatic/index.ts';
import {
  planomaticSimClient,
  type PlanomaticSimClient,
} from '../src/control/planomatic-sim-client.ts';
import type { SimLimit } from '../src/control/sim-types.ts';

export const TOKEN = 'test-planomatic-token';
export const CANCEL_PATH = '/api/v3/orders/cancel';

export interface PlanomaticTestSim {
  url: string;
  /** `${url}/planomatic` (≙ https://api.planomatic.com) */
  base: string;
  sim: PlanomaticSimClient;
  /** POST /api/v3/orders/cancel with `body` as JSON (a string is sent as-is). */
  cancel(body: unknown, init?: PostInit): Promise<Response>;
  /** Any call under the PlanOmatic API root. */
  api(method: string, path: string, body?: unknown, init?: PostInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface PostInit {
  /** Default application/json; null = no Content-Type header. */
  contentType?: string | null;
  signal?: AbortSignal;
}

/**
 * An isolated simulator on an ephemeral port with PlanOmatic's token set to TOKEN. The rate
 * limit is lifted unless a test asks for one ('default' = 100 per 60 s), so tests that are not
 * about rate limiting never meet a 429.
 */
export async function startPlanomaticSim(
  options: { limit?: SimLimit | 'default'; planomatic?: PlanomaticOptions } = {},
): Promise<PlanomaticTestSim> {
  const running: RunningSimulator = await listenSimulator({
    planomatic: { apiToken: TOKEN, ...options.planomatic },
  });
  const sim = planomaticSimClient(running.url);
  if (options.limit === undefined) await sim.setLimit({ max: 1_000_000, duration_ms: 1000 });
  else if (options.limit !== 'default') await sim.setLimit(options.limit);
  const base = `${running.url}/planomatic`;
  const api = (method: string, path: string, body?: unknown, init: PostInit = {}) => {
    const headers: Record<string, string> = {};
    const contentType = init.contentType === undefined ? 'application/json' : init.contentType;
    if (body !== undefined && contentType !== null) headers['content-type'] = contentType;
    return fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  };
  return {
    url: running.url,
    base,
    sim,
    api,
    cancel: (body, init) => api('POST', CANCEL_PATH, body, init),
    stop: () => running.stop(),
  };
}

/** A valid cancel body for `ref` (`{order_id}` and/or `{request_id}`); `extra` overrides. */
export function cancelBody(
  ref: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    api_token: TOKEN,
    ...ref,
    cancelation_reason: 'duplicate_order',
    notes: 'We accidentally sent a duplicate order.',
    ...extra,
  };
}

/** Creates `count` cancelable orders (new_request, no appointment); returns their order ids. */
export async function cancelableOrders(t: PlanomaticTestSim, count: number): Promise<string[]> {
  return (await t.sim.createOrders({ count })).map((o) => o.order_id);
}

export const validationError = (errors: { attr: string; message: string }[]) => ({
  code: 400,
  status: 'validation-error',
  errors,
});
