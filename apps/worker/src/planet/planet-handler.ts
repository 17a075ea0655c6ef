import type { PlanetClient } from '@cancelq/providers';
import { unexpectedJob, type StepHandler } from '../step-outcome.ts';
import { cancelAllQueuedPlanetOrders } from './cancel-all-queued.ts';
import { cancelPlanetOrders } from './cancel-orders.ts';
import { reconcilePlanetOrder } from './reconcile-order.ts';

export function planetHandler(client: PlanetClient): StepHandler {
  return async (payload, call) => {
    switch (payload.kind) {
      case 'planet.cancel':
        return cancelPlanetOrders(client, payload, call);
      case 'planet.cancel_all_queued':
        return cancelAllQueuedPlanetOrders(client, payload, call);
      case 'planet.reconcile':
        return reconcilePlanetOrder(client, payload, call);
      default:
        throw unexpectedJob('planet', payload);
    }
  };
}
