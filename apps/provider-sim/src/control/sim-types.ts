import http from 'node:http';

/**
 * Shapes of the admin surface every simulated provider shares (`/_sim/<provider>`): faults,
 * the call log, the limit. The wire's shapes, written out rather than imported from the
 * simulator's code (see `./index.ts`).
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
  /**
   * The account whose key the call presented (Planet api key, CoinW `api_key` header,
   * PlanOmatic body token, HyperTrack AccountId), whether or not the rest of its credential
   * (CoinW signature, HyperTrack secret) was right; null when it matched no account (then it
   * counted in `default`'s window).
   */
  account: string | null;
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

/**
 * An account besides `default` (whose credentials are the simulator's start ones). Each
 * provider's client adds its credential fields (e.g. `PlanetSimAccount`).
 */
export interface SimAccountSpec {
  /** Not `default`; unique. */
  name: string;
  /** Its own sliding window; missing fields are the provider's default limit's. */
  limit?: Partial<SimLimit>;
}

/** An account as the simulator lists it: credentials are never answered back. */
export interface SimAccountInfo {
  name: string;
  limit: SimLimit;
}

/** Which account an admin call is about; absent: `default`. */
export interface SimAccountOption {
  account?: string;
}

/** `body` with `options.account`, when given, as its `account` (the admin routes' field). */
export function withAccount<T extends object>(body: T, options?: SimAccountOption): T {
  return options?.account === undefined ? body : { ...body, account: options.account };
}

/** `?a=1&b=2` of the defined values, or ''. */
export function simQuery(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).flatMap(([key, value]): [string, string][] =>
    value === undefined ? [] : [[key, String(value)]],
  );
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`;
}

/**
 * One admin call, JSON in: its status and its body. On node:http (its global agent keeps
 * connections alive) rather than fetch: a test that creates hundreds of orders at once, one per
 * call, is the load on a small machine, and fetch costs the caller several times as much per
 * call. Not undici's `request`: importing undici 7 installs its agent as Node 20's fetch
 * dispatcher too, which then fails some of the test process's fetches ("fetch failed").
 */
export function simRequest(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls to a simulator's admin surface: JSON in and out, a clear error on any non-2xx. */
export function simAdmin(url: string, provider: string) {
  const admin = `${url}/_sim/${provider}`;
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, text } = await simRequest(method, `${admin}${path}`, body);
    if (status < 200 || status > 299)
      throw new Error(`${method} /_sim/${provider}${path} → ${status}: ${text}`);
    return (status === 204 ? undefined : JSON.parse(text)) as T;
  };
}

/** What every simulator's admin surface offers besides its orders. */
export interface SimControls<
  Config,
  Calls extends SimCalls = SimCalls,
  Account extends SimAccountSpec = SimAccountSpec,
> {
  /** Partial update of one account's limit (`account` absent: `default`'s). */
  setLimit(limit: Partial<SimLimit> & SimAccountOption): Promise<SimLimit>;
  /** One account's limit (absent: `default`'s). */
  limit(account?: string): Promise<SimLimit>;
  /**
   * Replaces every account but `default` (`[]` leaves only `default`); new accounts start with
   * empty windows. Answers every account, `default` first.
   */
  setAccounts(accounts: Account[]): Promise<SimAccountInfo[]>;
  accounts(): Promise<SimAccountInfo[]>;
  setConfig(config: Partial<Config>): Promise<Config>;
  addFaults(faults: SimFault[]): Promise<void>;
  clearFaults(): Promise<void>;
  /**
   * The call log. `account`: only the calls attributed to it, with counts, `max_in_window`
   * and `limit` of that account's.
   */
  calls(options?: { windowMs?: number; account?: string }): Promise<Calls>;
  /**
   * Clears orders, calls and faults; restores the default limit and config, and the accounts
   * the simulator started with (`SIM_<PROVIDER>_ACCOUNTS`).
   */
  reset(): Promise<void>;
}

/** The shared routes (limit, config, faults, calls, reset) of `/_sim/<provider>`. */
export function simControls<
  Config,
  Calls extends SimCalls = SimCalls,
  Account extends SimAccountSpec = SimAccountSpec,
>(url: string, provider: string): SimControls<Config, Calls, Account> {
  const call = simAdmin(url, provider);
  type Listing = { accounts: SimAccountInfo[] };
  return {
    setLimit: (limit) => call('PUT', '/limit', limit),
    limit: (account) => call('GET', `/limit${simQuery({ account })}`),
    setAccounts: async (accounts) =>
      (await call<Listing>('PUT', '/accounts', { accounts })).accounts,
    accounts: async () => (await call<Listing>('GET', '/accounts')).accounts,
    setConfig: (config) => call('PUT', '/config', config),
    addFaults: async (faults) => {
      await call('POST', '/faults', { faults });
    },
    clearFaults: () => call('DELETE', '/faults'),
    calls: (options) =>
      call('GET', `/calls${simQuery({ window_ms: options?.windowMs, account: options?.account })}`),
    reset: () => call('POST', '/reset'),
  };
}

/** A GET of the admin surface that answers null on 404 (an order the simulator does not have). */
export function simLookup(url: string, provider: string) {
  return async function lookup<T>(path: string): Promise<T | null> {
    const { status, text } = await simRequest('GET', `${url}/_sim/${provider}${path}`);
    if (status === 404) return null;
    if (status < 200 || status > 299)
      throw new Error(`GET /_sim/${provider}${path} → ${status}: ${text}`);
    return JSON.parse(text) as T;
  };
}
