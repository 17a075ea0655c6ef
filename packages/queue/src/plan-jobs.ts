import {
  accountOf,
  queueNameOf,
  type CancellationRequest,
  type NonEmptyArray,
  type ProviderId,
} from '@cancelq/contracts';
import type { PlanLimits, PlannedJob, Planner } from './planned-job.ts';
import { planCoinw } from './planners/coinw.ts';
import { planHypertrack } from './planners/hypertrack.ts';
import { planPlanet } from './planners/planet.ts';
import { planPlanomatic } from './planners/planomatic.ts';

export type { PlanContext, PlanLimits, PlannedJob, Planner } from './planned-job.ts';
export { idCount } from './planners/shared-calls.ts';

/**
 * The queue layer's provider registry: each provider's planner, in planners/. The type refuses a
 * provider without one, and a planner of another provider's requests.
 */
export const PLANNERS: {
  [P in ProviderId]: Planner<Extract<CancellationRequest, { provider: P }>>;
} = {
  planet: planPlanet,
  planomatic: planPlanomatic,
  coinw: planCoinw,
  hypertrack: planHypertrack,
};

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
 * jobs carry what waits (see planners/shared-calls.ts). Job ids come from job-ids.ts.
 */
export function planJobs(
  request: CancellationRequest,
  cancellationId: string,
  limits: PlanLimits,
): PlannedJob[] {
  // `provider` picks the planner, so it only ever sees its own provider's requests; TypeScript
  // cannot follow that through the lookup, hence the one widening.
  const planner = PLANNERS[request.provider] as Planner<CancellationRequest>;
  const label = queueNameOf(request.provider, accountOf(request));
  return planner(request, { cancellationId, limits, label });
}
