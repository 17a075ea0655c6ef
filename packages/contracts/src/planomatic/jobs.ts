import { z } from 'zod';

export const PLANOMATIC_CANCELATION_REASONS = [
  'duplicate_order',
  'client_requested_cancelation',
] as const;

export type PlanomaticCancelationReason = (typeof PLANOMATIC_CANCELATION_REASONS)[number];

/**
 * One `POST /api/v3/orders/cancel`. The integration token is added by the worker, never stored.
 * The reason and notes are the request's, which the cancellation's record keeps: the worker
 * reads them from there (notes run to 255 characters, kept once). Jobs written before
 * 2026-12-07 carry them here, and are sent with them.
 */
export const planomaticCancelJob = z.object({
  kind: z.literal('planomatic.cancel'),
  cancellationId: z.string(),
  orderId: z.string().min(1).optional(),
  requestId: z.string().min(1).optional(),
  reason: z.enum(PLANOMATIC_CANCELATION_REASONS).optional(),
  notes: z.string().min(1).optional(),
  throttled: z.number().int().optional(),
});

export type PlanomaticCancelJob = z.output<typeof planomaticCancelJob>;
