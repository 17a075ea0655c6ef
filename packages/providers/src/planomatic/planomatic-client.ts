import type { PlanomaticCancelJob } from '@cancelq/contracts';
import type { CallContext, HttpClient } from '../http/http-client.ts';
import type { SingleCancelResult } from '../single-cancel-result.ts';
import { classifyPlanomaticAnswer, type PlanomaticTokenField } from './classify.ts';

/**
 * PlanOmatic V3 Order Cancelation API: one order per call, the integration token in the JSON
 * body (no auth header). The field's name is configurable because PlanOmatic's docs disagree.
 */
export class PlanomaticClient {
  constructor(
    private readonly http: HttpClient,
    private readonly token: string,
    private readonly tokenField: PlanomaticTokenField,
  ) {}

  /** `POST /api/v3/orders/cancel`. Both ids are sent when both were given: request_id wins there. */
  async cancel(
    job: Pick<PlanomaticCancelJob, 'orderId' | 'requestId' | 'reason' | 'notes'>,
    context?: CallContext,
  ): Promise<SingleCancelResult> {
    const answer = await this.http.request(
      {
        method: 'POST',
        url: '/api/v3/orders/cancel',
        headers: { 'Content-Type': 'application/json' },
        data: {
          [this.tokenField]: this.token,
          ...(job.orderId !== undefined ? { order_id: job.orderId } : {}),
          ...(job.requestId !== undefined ? { request_id: job.requestId } : {}),
          cancelation_reason: job.reason,
          notes: job.notes,
        },
      },
      [job.requestId ?? job.orderId ?? ''],
      context,
    );
    return classifyPlanomaticAnswer(answer);
  }
}
