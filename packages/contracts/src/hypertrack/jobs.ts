import { z } from 'zod';

/** One `POST /orders/{order_handle}/cancel`, with the selectors the request gave. */
export const hypertrackCancelJob = z.object({
  kind: z.literal('hypertrack.cancel'),
  cancellationId: z.string(),
  orderHandle: z.string().min(1),
  type: z.enum(['drop', 'pick']).optional(),
  typeIndex: z.number().int().min(0).optional(),
  fulfillmentAttempt: z.number().int().min(0).optional(),
  throttled: z.number().int().optional(),
});

export type HypertrackCancelJob = z.output<typeof hypertrackCancelJob>;
