/**
 * Shapes of the admin surface every simulated provider shares (`/_sim/<provider>`): faults,
 * the call log, the limit. Repeated here rather than imported: packages never depend on apps.
 */

export type SimFaultKind =
  '500' | '502' | '503' | '401' | '403' | '429' | 'hang' | 'reset' | 'malformed';

export interface SimFault {
  kind: SimFaultKind;
  /** Share of matching calls faulted, 0..1. Absent: every matching call. */
  rate?: number;
  /** Fault only this many matching calls, then retire. Absent: no limit. */
  count?: number;
  /**
   * Let this many matching calls (that no earlier fault took) through before striking; a call
   * a fault skips counts towards the skip of the faults after it too. With `count` and no
   * `rate`, a schedule without dice: `{count: 1, skip: 3·(i+1)}` for faults i = 0, 1, … strike
   * calls 4, 8, 12, …
   */
  skip?: number;
  /** For `429`: the Retry-After header, seconds. Absent: no header. */
  retry_after_s?: number;
  method?: 'PUT' | 'POST' | 'GET' | 'DELETE';
  /** Matches the full path (`/planet/bulk`) or the path under the provider (`/bulk`). */
  path_prefix?: string;
  /**
   * For the status kinds (500, 502, 503, 401, 403, 429): a body that is not JSON, as a gateway
   * in front of the provider answers — `text` a plain-text reason line, `html` an nginx-style
   * error page — under that HTTP status at every provider (CoinW included), Retry-After kept.
   * Absent: the provider's own JSON error body.
   */
  body?: SimFaultBody;
  /**
   * For 500, 502, 503, hang, reset and malformed: the provider acts on the call first (the
   * order really is cancelled), then the answer is lost to the fault. Absent: the fault strikes
   * before the provider sees the call.
   */
  after_effect?: boolean;
}

export type SimFaultBody = 'text' | 'html';

export interface SimCall {
  at_ms: number;
  /** The arrival on the host's monotonic clock, ms since boot: compare with `monotonicMs()`. */
  mono_ms: number;
  method: string;
  path: string;
  /** The raw query string as sent (without `?`); null when there was none. */
  query: string | null;
  status: number | null;
  ids: string[];
  /** Provider-specific reading of the body (Planet bulk: `all_queued` or `order_ids`). */
  body_kind: string | null;
  fault: SimFaultKind | null;
  /** Present when the fault answered a body that was not JSON. */
  fault_body?: SimFaultBody;
  /** Present (true) when the fault struck after the provider acted on the call. */
  after_effect?: boolean;
}

export interface SimCalls {
  calls: SimCall[];
  count: number;
  count_429: number;
  max_in_window: number;
  limit: SimLimit;
}

export interface SimLimit {
  max: number;
  duration_ms: number;
}

/** Calls to a simulator's admin surface: JSON in and out, a clear error on any non-2xx. */
export function simAdmin(url: string, provider: string) {
  const admin = `${url}/_sim/${provider}`;
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`${admin}${path}`, init);
    if (!res.ok) {
      throw new Error(`${method} /_sim/${provider}${path} → ${res.status}: ${await res.text()}`);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** What every simulator's admin surface offers besides its orders. */
export interface SimControls<Config, Calls extends SimCalls = SimCalls> {
  setLimit(limit: Partial<SimLimit>): Promise<SimLimit>;
  setConfig(config: Partial<Config>): Promise<Config>;
  addFaults(faults: SimFault[]): Promise<void>;
  clearFaults(): Promise<void>;
  calls(options?: { windowMs?: number }): Promise<Calls>;
  /** Clears orders, calls and faults; restores the default limit and config. */
  reset(): Promise<void>;
}

/** The shared routes (limit, config, faults, calls, reset) of `/_sim/<provider>`. */
export function simControls<Config, Calls extends SimCalls = SimCalls>(
  url: string,
  provider: string,
): SimControls<Config, Calls> {
  const call = simAdmin(url, provider);
  return {
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

/** A GET of the admin surface that answers null on 404 (an order the simulator does not have). */
export function simLookup(url: string, provider: string) {
  return async function lookup<T>(path: string): Promise<T | null> {
    const res = await fetch(`${url}/_sim/${provider}${path}`);
    if (res.status === 404) return null;
    if (!res.ok)
      throw new Error(`GET /_sim/${provider}${path} → ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}
