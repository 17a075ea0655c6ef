import type { PlanetReconcileJob } from '@cancelq/contracts';
import { outcomeOfState, type CallContext, type PlanetClient } from '@cancelq/providers';
import type { StepOutcome } from '../step-outcome.ts';

/** One GET settles a refused order: already cancelled counts as cancelled; any other state lost the race. */
export async function reconcilePlanetOrder(
  client: PlanetClient,
  job: PlanetReconcileJob,
  call: CallContext,
): Promise<StepOutcome> {
  const { outcome, detail } = outcomeOfState(await client.orderState(job.orderId, call));
  // The GET is not a cancel attempt, so it does not count in the target's attempts.
  return { updates: [{ id: job.orderId, outcome, detail }] };
}
