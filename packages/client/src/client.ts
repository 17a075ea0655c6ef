import {
  acceptedBatchReader,
  acceptedReader,
  cancellationReader,
  pageReader,
  type Accepted,
  type Cancellation,
  type CancellationPage,
  type CancellationSummary,
} from './answers.ts';
import { resolveOptions, type CancelqClientOptions, type ResolvedOptions } from './options.ts';
import { readAnswer, withDefaultAccount } from './read-answer.ts';
import type { CallOptions, CancellationBody, CreateOptions, ListQuery } from './requests.ts';
import { backoffDelay, sendWithRetries } from './retry.ts';
import type { HttpRequest } from './send-once.ts';
import { sseTransport } from './sse-transport.ts';
import type { CancellationTransport } from './transport.ts';
import { waitUntilCompleted, type WaitOptions } from './wait-until-completed.ts';
import { watchCancellation, type WatchDeps, type WatchOptions } from './watch-cancellation.ts';

export interface Created<T> {
  /** The API's answer as it came. */
  accepted: T;
  /**
   * True when the Idempotency-Key had been used with this same body (HTTP 200): the answer
   * names what the first call accepted, and nothing was enqueued now.
   */
  replayed: boolean;
}

const CANCELLATIONS = '/v1/cancellations';

/**
 * The cancelq HTTP API (shared/spec/api.md). Every method rejects with a CancelqError (see
 * errors.ts) or, when a signal aborted it, with the signal's reason.
 */
export class CancelqClient {
  private readonly options: ResolvedOptions;
  private readonly transport: CancellationTransport;

  constructor(options: CancelqClientOptions) {
    this.options = resolveOptions(options);
    this.transport = options.transport ?? sseTransport;
  }

  /** POST /v1/cancellations: one cancellation, accepted once it is safely queued. */
  async create(body: CancellationBody, options: CreateOptions = {}): Promise<Created<Accepted>> {
    const { idempotencyKey, signal } = options;
    const answer = await this.send({
      method: 'POST',
      path: CANCELLATIONS,
      body,
      idempotencyKey,
      signal,
    });
    withDefaultAccount(answer.body);
    return { accepted: readAnswer(acceptedReader, answer), replayed: answer.status === 200 };
  }

  /** POST /v1/cancellations/batch: 1..1000 cancellations, all accepted or none. */
  async createBatch(
    bodies: readonly CancellationBody[],
    options: CreateOptions = {},
  ): Promise<Created<Accepted[]>> {
    const { idempotencyKey, signal } = options;
    const answer = await this.send({
      method: 'POST',
      path: `${CANCELLATIONS}/batch`,
      body: { cancellations: bodies },
      idempotencyKey,
      signal,
    });
    const entries = (answer.body as { cancellations?: unknown } | undefined)?.cancellations;
    if (Array.isArray(entries)) entries.forEach(withDefaultAccount);
    const { cancellations } = readAnswer(acceptedBatchReader, answer);
    return { accepted: cancellations, replayed: answer.status === 200 };
  }

  /** GET /v1/cancellations/{id}: the record, with every target's outcome. */
  async get(id: string, options: CallOptions = {}): Promise<Cancellation> {
    const path = `${CANCELLATIONS}/${encodeURIComponent(id)}`;
    const answer = await this.send({ method: 'GET', path, signal: options.signal });
    withDefaultAccount(answer.body);
    return readAnswer(cancellationReader, answer);
  }

  /** GET /v1/cancellations: one page, newest first. Page on while `next_cursor` is not null. */
  async listPage(query: ListQuery = {}, options: CallOptions = {}): Promise<CancellationPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    const path = `${CANCELLATIONS}${search}`;
    const answer = await this.send({ method: 'GET', path, signal: options.signal });
    const entries = (answer.body as { cancellations?: unknown } | undefined)?.cancellations;
    if (Array.isArray(entries)) entries.forEach(withDefaultAccount);
    return readAnswer(pageReader, answer);
  }

  /**
   * Every cancellation matching `query`, newest first, across as many pages as there are
   * (`query.limit` is the page size). Paging ends at `next_cursor: null`, never at a short
   * page: the API cuts a page short at its byte budget, and a `state` filter may even answer
   * an empty page with a cursor.
   */
  async *list(
    query: ListQuery = {},
    options: CallOptions = {},
  ): AsyncGenerator<CancellationSummary, void, undefined> {
    let cursor = query.cursor;
    do {
      const page = await this.listPage({ ...query, cursor }, options);
      yield* page.cancellations;
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  /**
   * Follows a cancellation until it is `completed` and returns that record. The first read
   * fails at once on a wrong id, token or URL; later transient failures are ridden out (see
   * sse-transport.ts, polling-transport.ts). Stopping the wait (signal, timeout) does not stop
   * the cancellation.
   */
  waitUntilCompleted(id: string, options: WaitOptions = {}): Promise<Cancellation> {
    return waitUntilCompleted(id, this.watchDeps(id), options);
  }

  /**
   * Every record of a cancellation as it changes, the current one first and the `completed`
   * one last, after which the iteration ends: `for await (const c of cancelq.watch(id))`.
   * Failures are those of `waitUntilCompleted`; leaving the loop early closes the stream.
   */
  watch(id: string, options: WatchOptions = {}): AsyncGenerator<Cancellation, void, undefined> {
    return watchCancellation(id, this.watchDeps(id), options);
  }

  private watchDeps(id: string): WatchDeps {
    const { baseUrl, token, fetch, timeoutMs, retries, onRetry } = this.options;
    const url = `${baseUrl}${CANCELLATIONS}/${encodeURIComponent(id)}`;
    return {
      get: (cancellationId, signal) => this.get(cancellationId, { signal }),
      fetch: (path, { signal, headers }) =>
        fetch(`${baseUrl}${path}`, {
          signal,
          headers: { ...headers, authorization: `Bearer ${token}` },
        }),
      read: (document) => {
        withDefaultAccount(document);
        return readAnswer(cancellationReader, { method: 'GET', url, status: 200, body: document });
      },
      baseUrl,
      timeoutMs,
      retries,
      backoffMs: (attempt, retryAfterMs) => backoffDelay(attempt, this.options, retryAfterMs),
      onRetry,
      transport: this.transport,
      signal: this.options.signal,
      url,
    };
  }

  private send(request: HttpRequest) {
    return sendWithRetries(this.options, request);
  }
}
