import type { z } from 'zod';
import type { CancellationState, ProviderId } from '@cancelq/contracts';
import {
  acceptedAnswer,
  cancellationAnswer,
  listAnswer,
  type AcceptedAnswer,
  type CancellationAnswer,
  type ListAnswer,
} from './api-answers.ts';
import { apiError } from './api-error.ts';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import type { Settings } from './settings.ts';

/** An answer as the API sent it (`raw`, what `--json` prints) and as the CLI reads it. */
export interface Answer<T> {
  status: number;
  raw: unknown;
  data: T;
}

export interface ListQuery {
  provider?: ProviderId;
  state?: CancellationState;
  limit?: number;
  cursor?: string;
}

interface RequestOptions<T> {
  schema: z.ZodType<T>;
  body?: unknown;
  headers?: Record<string, string>;
  notFound?: string;
}

/** The HTTP API of shared/spec/api.md: the only thing the CLI talks to. */
export class ApiClient {
  constructor(
    private readonly settings: Settings,
    /** Aborted on Ctrl-C: a request in flight then ends as "interrupted". */
    private readonly interrupt: AbortSignal,
  ) {}

  accept(body: unknown, idempotencyKey?: string): Promise<Answer<AcceptedAnswer>> {
    return this.request('POST', '/v1/cancellations', {
      schema: acceptedAnswer,
      body,
      headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
    });
  }

  get(id: string): Promise<Answer<CancellationAnswer>> {
    return this.request('GET', `/v1/cancellations/${encodeURIComponent(id)}`, {
      schema: cancellationAnswer,
      notFound: `no cancellation ${JSON.stringify(id)}`,
    });
  }

  list(query: ListQuery): Promise<Answer<ListAnswer>> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.request('GET', `/v1/cancellations${search}`, { schema: listAnswer });
  }

  private async request<T>(
    method: string,
    path: string,
    options: RequestOptions<T>,
  ): Promise<Answer<T>> {
    const url = `${this.settings.url}${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.settings.token}`,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    // One controller for both ways a request ends early. Not `AbortSignal.any` with
    // `AbortSignal.timeout`: Node may collect the timeout signal, and the request then hangs.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.settings.timeoutMs);
    const onInterrupt = () => abort.abort();
    this.interrupt.addEventListener('abort', onInterrupt, { once: true });

    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: abort.signal,
      });
      status = res.status;
      // The timeout covers the body too: a server that stalls mid-answer is as good as gone.
      text = await res.text();
    } catch (error) {
      throw this.unreachable(error, method, url, timedOut);
    } finally {
      clearTimeout(timer);
      this.interrupt.removeEventListener('abort', onInterrupt);
    }

    let raw: unknown = undefined;
    try {
      raw = JSON.parse(text);
    } catch {
      // Not JSON: the status decides below; a 2xx without JSON is an answer we cannot read.
    }
    if (status < 200 || status > 299) {
      throw apiError({ status, body: raw, sent: options.body, notFound: options.notFound });
    }
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      throw new CliError(
        EXIT.error,
        `unexpected answer from ${method} ${url} (HTTP ${status}): not the documented shape`,
        parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.')}: ${i.message}`),
      );
    }
    return { status, raw, data: parsed.data };
  }

  private unreachable(error: unknown, method: string, url: string, timedOut: boolean): CliError {
    if (this.interrupt.aborted) return new CliError(EXIT.interrupted, 'interrupted');
    if (timedOut) {
      return new CliError(
        EXIT.unavailable,
        `the API did not answer ${method} ${url} within ${this.settings.timeoutMs} ms`,
      );
    }
    // undici reports the socket's error (ECONNREFUSED, ENOTFOUND, ECONNRESET) as the cause.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason = [cause?.code, cause?.message, error instanceof Error ? error.message : error]
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .at(0);
    return new CliError(
      EXIT.unavailable,
      `cannot reach the API at ${url} (${reason ?? 'no answer'})`,
    );
  }
}
