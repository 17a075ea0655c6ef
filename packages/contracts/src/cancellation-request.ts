import { z } from 'zod';
import { PROVIDERS } from './providers.ts';
import { contractOf, type CancellationRequest } from './provider-contracts.ts';

export { MAX_IDS_PER_CANCELLATION } from './request-fields.ts';
export type { CancellationRequest } from './provider-contracts.ts';

export const MAX_BATCH_ENTRIES = 1_000;

const providerHead = z.looseObject({
  provider: z.enum(PROVIDERS, { message: `must be one of ${PROVIDERS.join(', ')}` }),
});

export type ParseResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/**
 * Parses one cancellation request. `provider` picks the shape (Planet has two, told apart by
 * `all_queued`), so a caller gets the errors of the shape they meant, not of every union member.
 */
export function parseCancellationRequest(input: unknown): ParseResult<CancellationRequest> {
  const head = providerHead.safeParse(input);
  if (!head.success) return head;
  return contractOf(head.data.provider).requestSchema(head.data).safeParse(input);
}

/**
 * Every request shape, for documentation: parsing goes through `parseCancellationRequest`,
 * which picks the shape by `provider` and so reports the errors of the shape the caller meant.
 */
export const cancellationRequestSchema = z
  .union(PROVIDERS.flatMap((provider) => contractOf(provider).requests))
  .meta({ id: 'CancellationRequest' });

export const batchRequest = z.strictObject({
  cancellations: z.array(z.unknown()).min(1).max(MAX_BATCH_ENTRIES),
});

/** The batch body as documented: each entry is a cancellation request. */
export const batchRequestSchema = z
  .strictObject({
    cancellations: z.array(cancellationRequestSchema).min(1).max(MAX_BATCH_ENTRIES),
  })
  .meta({ id: 'BatchRequest' });

/**
 * The targets a request names: its ids, the order handle, or for PlanOmatic the request_id
 * when given (it takes precedence at the provider), else the order_id. Empty for Planet's
 * `all_queued`, where the provider decides.
 */
export function targetIdsOf(request: CancellationRequest): string[] {
  return contractOf(request.provider).targetIds(request);
}
