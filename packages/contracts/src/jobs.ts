import { z } from 'zod';

/**
 * Job payloads. They outlive deploys (a job written by an old API is run by a new worker), so
 * these schemas only ever grow by optional fields. They never hold a credential: workers read
 * those from their own environment.
 */

const nonEmptyIds = z.array(z.string().min(1)).min(1);

/** A list of at least one element: the type that makes an empty Planet id list unrepresentable. */
export type NonEmptyArray<T> = [T, ...T[]];

export const planetCancelJob = z.object({
  kind: z.literal('planet.cancel'),
  cancellationId: z.string(),
  orderIds: nonEmptyIds.transform((ids) => ids as NonEmptyArray<string>),
  chunk: z.number().int().optional(),
  chunks: z.number().int().optional(),
  throttled: z.number().int().optional(),
});

/** The explicit, and only, way to send Planet's `{}` bulk body (cancel every queued order). */
export const planetCancelAllQueuedJob = z.object({
  kind: z.literal('planet.cancel_all_queued'),
  cancellationId: z.string(),
  throttled: z.number().int().optional(),
});

/** One GET that settles an order Planet refused to cancel: already cancelled, or lost the race. */
export const planetReconcileJob = z.object({
  kind: z.literal('planet.reconcile'),
  cancellationId: z.string(),
  orderId: z.string().min(1),
  throttled: z.number().int().optional(),
});

export const jobPayload = z.discriminatedUnion('kind', [
  planetCancelJob,
  planetCancelAllQueuedJob,
  planetReconcileJob,
]);

export type PlanetCancelJob = z.output<typeof planetCancelJob>;
export type PlanetCancelAllQueuedJob = z.output<typeof planetCancelAllQueuedJob>;
export type PlanetReconcileJob = z.output<typeof planetReconcileJob>;
export type JobPayload = z.output<typeof jobPayload>;
export type JobKind = JobPayload['kind'];

/** The job ids a payload is about: what its attempts count against and what it resolves. */
export function jobTargets(payload: JobPayload): string[] {
  switch (payload.kind) {
    case 'planet.cancel':
      return payload.orderIds;
    case 'planet.cancel_all_queued':
      return [];
    case 'planet.reconcile':
      return [payload.orderId];
  }
}
