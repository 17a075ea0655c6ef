import {
  accountOf,
  COINW_BATCH_MAX,
  queueNameOf,
  type CancellationRequest,
  type JobPayload,
  type NonEmptyArray,
  type PlanetAllQueuedRequest,
  type PlanetOrderIdsRequest,
  type ProviderId,
} from '@cancelq/contracts';
import { jobIds } from './job-ids.ts';

export interface PlannedJob {
  /** The provider whose queue takes the job; of the cancellation's account (see accept.ts). */
  queue: ProviderId;
  /** Deterministic, so adding the same job twice is a no-op in BullMQ. */
  jobId: string;
  /** What Bull Board shows: says what the job is without opening it. */
  name: string;
  data: JobPayload;
  /**
   * BullMQ priority (1 = highest after jobs without one). Set only for calls that cannot change
   * what happens at the provider, so they never hold a cancel back: cancels race the clock.
   */
  priority?: number;
  /** Milliseconds before the job may run (a retry's backoff). */
  delay?: number;
}

export interface PlanLimits {
  planetBulkMax: number;
  /** At most COINW_BATCH_MAX (20), CoinW's hard cap. */
  coinwBatchMax: number;
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

/**
 * One job per provider call, so the limiter, which paces jobs, paces calls. Where a provider
 * takes many ids per call (Planet, CoinW) the targets wait in their call group's pool and the
 * jobs carry what waits (see sharedCalls). Job ids come from job-ids.ts.
 */
export function planJobs(
  request: CancellationRequest,
  cancellationId: string,
  limits: PlanLimits,
): PlannedJob[] {
  // Bull Board lists jobs by name: a job of another account than `default` says whose it is.
  const label = queueNameOf(request.provider, accountOf(request));
  switch (request.provider) {
    case 'planet':
      return planPlanet(request, cancellationId, limits, label);
    case 'coinw':
      return sharedCalls(
        label,
        request.source_ids.length,
        Math.min(limits.coinwBatchMax, COINW_BATCH_MAX),
        (index) => ({
          queue: 'coinw',
          jobId: jobIds.call(cancellationId, index),
          name: '',
          data: {
            kind: 'coinw.call',
            cancellationId,
            ...(request.pos_type ? { posType: request.pos_type } : {}),
          },
        }),
      );
    case 'planomatic': {
      const target = request.request_id ?? request.order_id ?? '';
      return [
        {
          queue: 'planomatic',
          jobId: `${cancellationId}-1`,
          name: `${label} · ${request.request_id ? 'request' : 'order'} ${target}`,
          data: {
            kind: 'planomatic.cancel',
            cancellationId,
            ...(request.order_id ? { orderId: request.order_id } : {}),
            ...(request.request_id ? { requestId: request.request_id } : {}),
            reason: request.cancelation_reason,
            notes: request.notes,
          },
        },
      ];
    }
    case 'hypertrack':
      return [
        {
          queue: 'hypertrack',
          jobId: `${cancellationId}-1`,
          name: `${label} · order ${request.order_handle}`,
          data: {
            kind: 'hypertrack.cancel',
            cancellationId,
            orderHandle: request.order_handle,
            ...(request.type !== undefined ? { type: request.type } : {}),
            ...(request.type_index !== undefined ? { typeIndex: request.type_index } : {}),
            ...(request.fulfillment_attempt !== undefined
              ? { fulfillmentAttempt: request.fulfillment_attempt }
              : {}),
          },
        },
      ];
  }
}

function planPlanet(
  request: PlanetOrderIdsRequest | PlanetAllQueuedRequest,
  cancellationId: string,
  limits: PlanLimits,
  label: string,
): PlannedJob[] {
  if (!('order_ids' in request)) {
    return [
      {
        queue: 'planet',
        jobId: jobIds.allQueued(cancellationId),
        name: `${label} · all queued orders`,
        data: { kind: 'planet.cancel_all_queued', cancellationId },
      },
    ];
  }
  return sharedCalls(label, request.order_ids.length, limits.planetBulkMax, (index) => ({
    queue: 'planet',
    jobId: jobIds.call(cancellationId, index),
    name: '',
    data: { kind: 'planet.call', cancellationId },
  }));
}

/**
 * The call jobs a cancellation of shared calls brings: as many as its own targets need at
 * `perCall` ids a call. Each carries whatever waits in the group when its slot comes, which
 * may be other cancellations' targets; so some of them may find nothing left and end at once,
 * without a provider call. Never fewer: every waiting target is sure of a call.
 */
function sharedCalls(
  label: string,
  targets: number,
  perCall: number,
  job: (index: number) => PlannedJob,
): PlannedJob[] {
  const count = Math.ceil(targets / perCall);
  return Array.from({ length: count }, (_, i) => {
    const planned = job(i + 1);
    planned.name = `${label} · shared call ${i + 1}/${count} · ${idCount(targets)} added, up to ${perCall} a call`;
    return planned;
  });
}

export function idCount(n: number): string {
  return `${n} ${n === 1 ? 'id' : 'ids'}`;
}
