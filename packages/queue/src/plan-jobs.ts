import type {
  CancellationRequest,
  JobPayload,
  NonEmptyArray,
  ProviderId,
} from '@cancelq/contracts';

export interface PlannedJob {
  queue: ProviderId;
  /** Deterministic, so adding the same job twice is a no-op in BullMQ. */
  jobId: string;
  /** What Bull Board shows: says what the job is without opening it. */
  name: string;
  data: JobPayload;
}

export interface PlanLimits {
  planetBulkMax: number;
}

/** Splits `items` into runs of at most `size`; every run has at least one item. */
export function chunk<T>(items: readonly T[], size: number): NonEmptyArray<T>[] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size ${size} is not a positive integer`);
  const chunks: NonEmptyArray<T>[] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size) as NonEmptyArray<T>);
  }
  return chunks;
}

/** Providers whose worker side exists; the API refuses the others rather than queue forever. */
export const IMPLEMENTED_PROVIDERS: readonly ProviderId[] = ['planet'];

/**
 * One job per provider call, so the limiter, which paces jobs, paces calls. Returns null for a
 * provider that has no worker side yet.
 */
export function planJobs(
  request: CancellationRequest,
  cancellationId: string,
  limits: PlanLimits,
): PlannedJob[] | null {
  switch (request.provider) {
    case 'planet': {
      if (!('order_ids' in request)) {
        return [
          {
            queue: 'planet',
            jobId: `${cancellationId}-all`,
            name: 'planet · all queued orders',
            data: { kind: 'planet.cancel_all_queued', cancellationId },
          },
        ];
      }
      const chunks = chunk(request.order_ids, limits.planetBulkMax);
      return chunks.map((orderIds, index) => ({
        queue: 'planet',
        jobId: `${cancellationId}-${index + 1}`,
        name: `planet · ${orderIds.length} ${orderIds.length === 1 ? 'id' : 'ids'} · chunk ${index + 1}/${chunks.length}`,
        data: {
          kind: 'planet.cancel',
          cancellationId,
          orderIds,
          chunk: index + 1,
          chunks: chunks.length,
        },
      }));
    }
    default:
      return null;
  }
}
