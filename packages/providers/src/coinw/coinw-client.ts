import type { CoinwCancelJob } from '@cancelq/contracts';
import type { CallContext, HttpClient } from '../http/http-client.ts';
import { classifyCoinwAnswer, type CoinwBatchResult } from './classify.ts';
import { coinwPrehash, coinwSignature } from './sign.ts';

export interface CoinwCredentials {
  apiKey: string;
  secretKey: string;
}

const BATCH_CANCEL_PATH = '/v1/perpum/batchOrders';

/** CoinW futures private REST. Every method is exactly one signed HTTP call. */
export class CoinwClient {
  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CoinwCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** `DELETE /v1/perpum/batchOrders` for at most 20 ids (the job schema caps them). */
  async batchCancel(
    sourceIds: readonly string[],
    posType: CoinwCancelJob['posType'],
    context?: CallContext,
  ): Promise<CoinwBatchResult> {
    // Serialised once: these exact bytes are signed and sent (no second JSON.stringify).
    const body = JSON.stringify(posType ? { sourceIds, posType } : { sourceIds });
    const timestamp = String(this.now());
    const sign = coinwSignature(
      this.credentials.secretKey,
      coinwPrehash(timestamp, 'DELETE', BATCH_CANCEL_PATH, body),
    );
    const answer = await this.http.request(
      {
        method: 'DELETE',
        url: BATCH_CANCEL_PATH,
        data: body,
        headers: {
          'Content-Type': 'application/json',
          api_key: this.credentials.apiKey,
          timestamp,
          sign,
        },
      },
      [...sourceIds],
      context,
    );
    return classifyCoinwAnswer(answer);
  }
}
