/**
 * Shapes of the admin surface every simulated provider shares (`/_sim/<provider>`): faults,
 * the call log, the limit. Repeated here rather than imported: packages never depend on apps.
 */

export type SimFaultKind =
  '500' | '502' | '503' | '401' | '403' | '429' | 'hang' | 'reset' | 'malformed';

export interface SimFault {
  kind: SimFaultKind;
  rate?: number;
  count?: number;
  retry_after_s?: number;
  method?: 'PUT' | 'POST' | 'GET' | 'DELETE';
  path_prefix?: string;
}

export interface SimCall {
  at_ms: number;
  method: string;
  path: string;
  /** The raw query string as sent (without `?`); null when there was none. */
  query: string | null;
  status: number | null;
  ids: string[];
  /** Provider-specific reading of the body (Planet bulk: `all_queued` or `order_ids`). */
  body_kind: string | null;
  fault: SimFaultKind | null;
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
