import type { HypertrackClient } from '@cancelq/providers';
import { singleOrderOutcome, unexpectedJob, type StepHandler } from '../step-outcome.ts';

/** One order handle per call, with the selectors the request gave. */
export function hypertrackHandler(client: HypertrackClient): StepHandler {
  return async (payload, call) => {
    if (payload.kind !== 'hypertrack.cancel') throw unexpectedJob('hypertrack', payload);
    return singleOrderOutcome(payload.orderHandle, await client.cancel(payload, call));
  };
}
