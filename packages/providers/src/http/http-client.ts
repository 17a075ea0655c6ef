import { performance } from 'node:perf_hooks';
import { EnvHttpProxyAgent, Pool, errors, type Dispatcher } from 'undici';
import { ProviderError } from '../provider-error.ts';
import { readAnswerBody } from './answer-body.ts';
import type { CallObserver } from './call-record.ts';
import { parseRetryAfter } from './retry-after.ts';
import { isRedirect, redirectFailure } from './redirect.ts';

export interface HttpClientOptions {
  baseUrl: string;
  /** Deadline of one whole call: connect, headers and the whole body. */
  timeoutMs: number;
  /** The largest answer body read; a larger one is abandoned like a timeout. Default 1 MiB. */
  maxAnswerBytes?: number;
}

export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

/** One provider call: `url` is a path (and query) under the client's base URL. */
export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** The body: a string goes as it is (CoinW signs its exact bytes), anything else as JSON. */
  data?: unknown;
}

export interface HttpAnswer {
  status: number;
  /** Parsed JSON body; undefined when the body was empty or (on an error answer) not JSON. */
  body: unknown;
  /**
   * An error answer's body when it was not JSON (a gateway's plain-text 429, an HTML 502 page):
   * trimmed, one line, at most ~200 characters. Absent otherwise.
   */
  text?: string;
  retryAfterMs: number | null;
}

export interface CallContext {
  signal?: AbortSignal;
  onCall?: CallObserver;
}

/** How long an idle connection to a provider is kept, unless the provider says otherwise. */
const IDLE_CONNECTION_MS = 10 * 60_000;

/** What every call says of itself, as the axios client this replaced did. */
const DEFAULT_HEADERS = {
  accept: 'application/json, text/plain, */*',
  'user-agent': 'cancelq',
};

/**
 * The one HTTP layer under every adapter. A provider is someone else's server: it may redirect
 * elsewhere (never followed, see redirectFailure), drip its answer a byte at a time (one
 * deadline covers the whole call, not only socket idleness) or send an endless body (capped).
 * Keep-alive matters for the Planet race: a fresh TLS handshake per cancel would cost more than
 * the rest of the dispatch path. Bodies are read as text and parsed here, after the status (see
 * readAnswerBody): a garbled 2xx is a transient fault we can name, and an error answer that is
 * not JSON is still classified by its status.
 *
 * undici (Node's own HTTP client) rather than axios: measured on a cancel's path, axios spent
 * ~0.33 ms merging its config and building the request before `http.request` was even called,
 * and 0.16 against undici's 0.05 ms of CPU a call in a loop; a Planet cancel is a race, and a
 * call's CPU decides how many cores a fleet needs. `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`
 * are honoured, as axios honoured them (a proxy's own agent then carries every call).
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly maxAnswerBytes: number;

  constructor(options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
    const settings = {
      maxResponseSize: this.maxAnswerBytes,
      // An idle connection stays open until the provider closes it, as node:http's keep-alive
      // agent kept it, not undici's 4 s: a cancel after a quiet minute would otherwise open a
      // connection (and a TLS handshake) first, and a cancel is a race. A server that says how
      // long it keeps one (`Keep-Alive: timeout=`) is taken at its word.
      keepAliveTimeout: IDLE_CONNECTION_MS,
    };
    this.dispatcher = proxyConfigured()
      ? new EnvHttpProxyAgent(settings)
      : new Pool(this.origin, settings);
  }

  /**
   * Performs one call. Resolves with any HTTP answer (classification is the adapter's job);
   * rejects with a `later` ProviderError when there was no usable answer at all.
   */
  async request(call: HttpCall, ids: string[], context: CallContext = {}): Promise<HttpAnswer> {
    const started = performance.now();
    const method = call.method.toUpperCase();
    const record = (status: number | null, error?: string) =>
      context.onCall?.({
        method,
        path: call.url,
        status,
        latencyMs: performance.now() - started,
        ids,
        ...(error ? { error } : {}),
      });
    const deadline = abortableCall(this.timeoutMs, context.signal);
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let raw: string;
    try {
      const answer = await this.dispatcher.request({
        origin: this.origin,
        path: this.basePath + call.url,
        method,
        headers: { ...DEFAULT_HEADERS, ...call.headers },
        body: bodyOf(call.data),
        signal: deadline.signal,
      });
      status = answer.statusCode;
      headers = answer.headers;
      raw = await answer.body.text();
    } catch (cause) {
      const reason = deadline.timedOut()
        ? 'timed out'
        : deadline.signal.aborted
          ? 'aborted'
          : describeNetworkError(cause, this.maxAnswerBytes);
      record(null, reason);
      throw new ProviderError('later', reason, { cause });
    } finally {
      deadline.done();
    }
    record(status);
    if (isRedirect(status)) throw redirectFailure(status, headerValue(headers.location));
    const retryAfterMs = parseRetryAfter(headerValue(headers['retry-after']));
    return { status, ...readAnswerBody(status, raw), retryAfterMs };
  }
}

/**
 * Whether the environment names a proxy. Without one, the client's own origin gets a plain
 * Pool: undici's EnvHttpProxyAgent would parse every call's URL and look at NO_PROXY again on
 * each, on the hot path, to decide what is already known at startup.
 */
function proxyConfigured(): boolean {
  const { HTTP_PROXY, http_proxy, HTTPS_PROXY, https_proxy } = process.env;
  return [HTTP_PROXY, http_proxy, HTTPS_PROXY, https_proxy].some((value) => !!value);
}

function bodyOf(data: unknown): string | undefined {
  if (data === undefined) return undefined;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/**
 * The signal of one call: aborted at its deadline or when the caller's signal aborts. By hand
 * rather than `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: on Node 20 that pair cost
 * ~20 µs a call (measured: 1 µs this way), and it keeps each call's signal registered on the
 * caller's, a job's, until garbage collection.
 */
function abortableCall(
  timeoutMs: number,
  outer?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The call timed out', 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function describeNetworkError(cause: unknown, maxAnswerBytes: number): string {
  if (cause instanceof errors.ResponseExceededMaxSizeError)
    return `answer body over ${maxAnswerBytes} bytes, abandoned`;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  // undici names its own failures UND_ERR_*; its message says more ("other side closed").
  if (typeof code === 'string' && code.startsWith('UND_ERR_'))
    return `network error: ${message} (${code})`;
  return typeof code === 'string' ? `network error ${code}` : `network error: ${message}`;
}
