import { errorOfAnswer } from './error-of-answer.ts';
import { CancelqNetworkError } from './errors.ts';
import { linkedAbort } from './linked-abort.ts';
import type { ResolvedOptions } from './options.ts';
import { socketReason } from './socket-reason.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** From the base URL on: `/v1/cancellations?limit=5`. */
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  /** The call's own signal, on top of the client's. */
  signal?: AbortSignal;
}

/** A 2xx answer; the body parsed as JSON (undefined when it was not JSON). */
export interface HttpAnswer {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

/**
 * One HTTP attempt. Resolves with a 2xx; throws the CancelqError of any other answer, a
 * CancelqNetworkError when no answer came within `timeoutMs`, or, when the caller aborted,
 * the abort's reason (as fetch does).
 */
export async function sendOnce(
  options: ResolvedOptions,
  request: HttpRequest,
): Promise<HttpAnswer> {
  const { method } = request;
  const url = `${options.baseUrl}${request.path}`;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${options.token}`,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;

  const abort = linkedAbort([options.signal, request.signal], options.timeoutMs);
  let status: number;
  let text: string;
  let responseHeaders: Headers;
  try {
    const res = await options.fetch(url, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: abort.signal,
    });
    status = res.status;
    responseHeaders = res.headers;
    // The timeout covers the body too: a server that stalls mid-answer is as good as gone.
    text = await res.text();
  } catch (error) {
    if (abort.timedOut()) {
      throw new CancelqNetworkError({
        status: null,
        code: 'timeout',
        message: `no answer to ${method} ${url} within ${options.timeoutMs} ms`,
        method,
        url,
        timedOut: true,
        timeoutMs: options.timeoutMs,
        cause: error,
      });
    }
    if (abort.signal.aborted) throw abort.callerReason();
    const reason = socketReason(error);
    throw new CancelqNetworkError({
      status: null,
      code: 'network',
      message: `cannot reach ${url} (${reason ?? 'no answer'})`,
      method,
      url,
      timedOut: false,
      timeoutMs: options.timeoutMs,
      reason,
      cause: error,
    });
  } finally {
    abort.dispose();
  }

  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the status decides; a 2xx without JSON is an answer the reader refuses.
  }
  if (status < 200 || status > 299) {
    throw errorOfAnswer({ method, url, status, body, headers: responseHeaders });
  }
  return { method, url, status, body };
}
