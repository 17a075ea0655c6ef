import type { CancellationTransport } from './transport.ts';
import type { RetryEvent } from './retry.ts';

/** Every default of the client in one place. */
export const DEFAULTS = {
  /** Extra attempts after a failure worth retrying (network, 503). */
  retries: 2,
  /** Milliseconds one HTTP attempt may take, answer body included. */
  timeoutMs: 30_000,
  /** Milliseconds before the first retry; each further retry doubles it, up to retryMaxMs. */
  retryBaseMs: 250,
  /** Milliseconds: the longest wait between two attempts (a Retry-After may ask for longer). */
  retryMaxMs: 5_000,
  /** Milliseconds between two polls of `waitUntilCompleted`. */
  pollIntervalMs: 1_000,
  /** Failures in a row (network, 503) that `waitUntilCompleted` rides out once it has begun. */
  maxConsecutiveFailures: 5,
  /**
   * Milliseconds an event stream may stay silent before it is opened again: the API sends a
   * keepalive every 15 s, so this misses two (see sse-transport.ts).
   */
  streamIdleTimeoutMs: 45_000,
} as const;

export interface CancelqClientOptions {
  /** The API's base URL, e.g. `http://localhost:3000` (a trailing slash is ignored). */
  baseUrl: string;
  /** The bearer token (`CANCELQ_API_TOKEN` of the API). */
  token: string;
  /** The fetch to use; default the global one. A proxy, a test server or a custom agent go here. */
  fetch?: typeof fetch;
  /** Extra attempts after a network error or a 503; default 2, 0 turns retrying off. */
  retries?: number;
  /** Milliseconds one attempt may take; default 30 000. */
  timeoutMs?: number;
  /** Milliseconds before the first retry (doubled each time, with jitter); default 250. */
  retryBaseMs?: number;
  /** Milliseconds: the longest wait between attempts; default 5 000. */
  retryMaxMs?: number;
  /** Aborts every request of this client (a shutdown, a Ctrl-C). */
  signal?: AbortSignal;
  /** Called before each retry: for a log line or a progress note. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * How `waitUntilCompleted` and `watch` follow a cancellation; default `sseTransport` (its
   * Server-Sent Events, polling an API too old to stream them). `pollingTransport` polls only.
   */
  transport?: CancellationTransport;
}

export interface ResolvedOptions {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  retries: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  signal: AbortSignal | undefined;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/**
 * Checks the options once, up front, with messages that name the option: a typo in a base URL
 * or a negative retry count is a programming error, and fails here rather than on first use.
 */
export function resolveOptions(options: CancelqClientOptions): ResolvedOptions {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`baseUrl: not a URL: ${JSON.stringify(options.baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl: must be http:// or https://, not ${url.protocol}`);
  }
  // fetch refuses URLs with credentials, and a token in a URL ends up in logs.
  if (url.username || url.password) {
    throw new TypeError('baseUrl: must not contain credentials; pass `token` instead');
  }
  if (typeof options.token !== 'string' || options.token.length === 0) {
    throw new TypeError('token: required (the API bearer token)');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('fetch: no global fetch here; pass one');
  }
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    token: options.token,
    fetch: fetchImpl,
    retries: count('retries', options.retries ?? DEFAULTS.retries, 0),
    timeoutMs: count('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1),
    retryBaseMs: count('retryBaseMs', options.retryBaseMs ?? DEFAULTS.retryBaseMs, 0),
    retryMaxMs: count('retryMaxMs', options.retryMaxMs ?? DEFAULTS.retryMaxMs, 0),
    signal: options.signal,
    onRetry: options.onRetry,
  };
}

/** A whole number of at least `min`; the option's name in the message. */
export function count(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name}: must be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}
