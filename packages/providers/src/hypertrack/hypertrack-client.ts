import type { HypertrackCancelJob } from '@cancelq/contracts';
import type { CallContext, HttpClient } from '../http/http-client.ts';
import { ProviderError } from '../provider-error.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';
import { classifyHypertrackAnswer } from './classify.ts';

/** HyperTrack Orders API v3, HTTP Basic with `AccountId:SecretKey`. One call per order handle. */
export class HypertrackClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HttpClient,
    accountId: string,
    secretKey: string,
  ) {
    this.authorization = `Basic ${Buffer.from(`${accountId}:${secretKey}`).toString('base64')}`;
  }

  /** `POST /orders/{order_handle}/cancel?type&type_index&fulfillment_attempt`. */
  async cancel(
    job: Pick<HypertrackCancelJob, 'orderHandle' | 'type' | 'typeIndex' | 'fulfillmentAttempt'>,
    context?: CallContext,
  ): Promise<SingleCancelResult> {
    if (job.orderHandle === '.' || job.orderHandle === '..') {
      // URL parsers resolve these dot segments (even percent-encoded) before sending, so the
      // call would reach another resource: refuse rather than cancel the wrong thing.
      throw new ProviderError(
        'never',
        `the order handle "${job.orderHandle}" cannot be sent in a URL path`,
      );
    }
    const answer = await this.http.request(
      {
        method: 'POST',
        url: hypertrackCancelUrl(job),
        headers: { Authorization: this.authorization, 'Content-Type': 'application/json' },
        // The documented example sends an empty JSON object.
        data: {},
      },
      [job.orderHandle],
      context,
    );
    return classifyHypertrackAnswer(answer);
  }
}

/**
 * Handles are user strings: one encoded path segment (a `/` becomes `%2F`, never a separator).
 * Selectors go in a fixed order, and only when given.
 */
export function hypertrackCancelUrl(
  job: Pick<HypertrackCancelJob, 'orderHandle' | 'type' | 'typeIndex' | 'fulfillmentAttempt'>,
): string {
  const query = new URLSearchParams();
  if (job.type !== undefined) query.set('type', job.type);
  if (job.typeIndex !== undefined) query.set('type_index', String(job.typeIndex));
  if (job.fulfillmentAttempt !== undefined)
    query.set('fulfillment_attempt', String(job.fulfillmentAttempt));
  const search = query.toString();
  return `/orders/${encodeURIComponent(job.orderHandle)}/cancel${search ? `?${search}` : ''}`;
}
