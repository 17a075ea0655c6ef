import { UnrecoverableError, type Job } from 'bullmq';
import { webhookTargetProblem } from '@cancelq/contracts';
import type { OutcomeStore } from '@cancelq/queue';
import { postWebhook } from './post-webhook.ts';
import { PrivateAddressError } from './public-lookup.ts';
import { signWebhook } from './webhook-signature.ts';

/** A delivery job: the completed cancellation and where to POST it. */
export interface WebhookJob {
  cancellationId: string;
  url: string;
}

export interface DeliveryOptions {
  secret: string;
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * One delivery attempt of a completion webhook: the record as GET /v1/cancellations/{id}
 * answers it, signed, with the job's id as `Cancelq-Delivery` (the same on every retry, for the
 * receiver to drop repeats). Any 2xx is delivered; anything else is retried by BullMQ with
 * backoff (the job's attempts), except a target that may never be reached (a private address).
 */
export function webhookDelivery(store: OutcomeStore, options: DeliveryOptions) {
  return async (job: Job<WebhookJob>): Promise<{ status: number }> => {
    const { cancellationId, url } = job.data;
    // The URL's own address (a literal IP is never looked up) and scheme, as the API checks a
    // `callback_url`: CANCELQ_WEBHOOK_URL comes from the environment, not through the API.
    const problem = webhookTargetProblem(url, options.allowPrivate);
    if (problem) throw new UnrecoverableError(`webhook target ${problem}`);
    const record = await store.get(cancellationId);
    // Expired with the retention before it could be delivered: nothing left to send.
    if (!record) throw new UnrecoverableError('the cancellation has expired');
    const body = JSON.stringify(record);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'cancelq-webhooks',
      'cancelq-delivery': job.id ?? '',
      'cancelq-signature': signWebhook(options.secret, body, Math.floor(Date.now() / 1_000)),
    };
    let status: number;
    try {
      status = await postWebhook(url, body, headers, options);
    } catch (error) {
      if (error instanceof PrivateAddressError) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (status < 200 || status >= 300) throw new Error(`the receiver answered HTTP ${status}`);
    return { status };
  };
}
