import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
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

/**
 * The one HTTP layer under every adapter. A provider is someone else's server: it may redirect
 * elsewhere (never followed, see redirectFailure), drip its answer a byte at a time (one
 * deadline covers the whole call, not only socket idleness) or send an endless body (capped). Keep-alive matters for the Planet race: a fresh TLS
 * handshake per cancel would cost more than the rest of the dispatch path. Bodies are read as
 * text and parsed here, after the status (see readAnswerBody): a garbled 2xx is a transient
 * fault we can name rather than an exception from deep inside axios, and an error answer that
 * is not JSON is still classified by its status.
 */
export class HttpClient {
  private readonly axios: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly maxAnswerBytes: number;

  constructor(options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: this.maxAnswerBytes,
    });
  }

  /**
   * Performs one call. Resolves with any HTTP answer (classification is the adapter's job);
   * rejects with a `later` ProviderError when there was no usable answer at all.
   */
  async request(
    config: AxiosRequestConfig & { method: string; url: string },
    ids: string[],
    context: CallContext = {},
  ): Promise<HttpAnswer> {
    const started = performance.now();
    const record = (status: number | null, error?: string) =>
      context.onCall?.({
        method: config.method.toUpperCase(),
        path: config.url,
        status,
        latencyMs: performance.now() - started,
        ids,
        ...(error ? { error } : {}),
      });
    const call = abortableCall(this.timeoutMs, context.signal);
    let response;
    try {
      response = await this.axios.request<string>({ ...config, signal: call.signal });
    } catch (cause) {
      const reason = call.timedOut()
        ? 'timed out'
        : describeNetworkError(cause, this.maxAnswerBytes);
      record(null, reason);
      throw new ProviderError('later', reason, { cause });
    } finally {
      call.done();
    }
    record(response.status);
    if (isRedirect(response.status)) {
      throw redirectFailure(response.status, headerValue(response.headers.location));
    }
    const retryAfterMs = parseRetryAfter(headerValue(response.headers['retry-after']));
    const raw = typeof response.data === 'string' ? response.data : '';
    return { status: response.status, ...readAnswerBody(response.status, raw), retryAfterMs };
  }
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
  if (axios.isAxiosError(cause)) {
    if (cause.code === 'ECONNABORTED' || cause.code === 'ETIMEDOUT') return 'timed out';
    if (cause.message.includes('maxContentLength'))
      return `answer body over ${maxAnswerBytes} bytes, abandoned`;
    if (cause.code === 'ERR_CANCELED') return 'aborted';
    return cause.code ? `network error ${cause.code}` : `network error: ${cause.message}`;
  }
  return cause instanceof Error ? cause.message : String(cause);
}
