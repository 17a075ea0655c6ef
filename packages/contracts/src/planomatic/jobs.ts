import { z } from 'zod';

export const PLANOMATIC_CANCELATION_REASONS = [
  'duplicate_order',
  'client_requested_cancelation',
] as const;

/** One `POST /api/v3/orders/cancel`. The integration token is added by the worker, never stored. */
export const planomaticCancelJob = z.object({
  kind: z.literal('planomatic.cancel'),
  cancellationId: z.string(),
  orderId: z.string().min(1).optional(),
  requestId: z.string().min(1).optional(),
  reason: z.enum(PLANOMATIC_CANCELATION_REASONS),
  notes: z.string().min(1),
  throttled: z.number().int().optional(),
});

export type PlanomaticCancelJob = z.output<typeof planomaticCancelJob>;
