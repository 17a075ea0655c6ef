import type { PlanetClient } from '@cancelq/providers';
import { unexpectedJob, type StepHandler } from '../step-outcome.ts';
import { cancelAllQueuedPlanetOrders } from './cancel-all-queued.ts';
import { cancelPlanetOrders } from './cancel-orders.ts';
import { listCancelledPlanetOrders } from './list-cancelled.ts';
import { reconcilePlanetOrder } from './reconcile-order.ts';

export function planetHandler(client: PlanetClient): StepHandler {
  return async (payload, call, job) => {
    switch (payload.kind) {
      case 'planet.cancel':
        return cancelPlanetOrders(client, payload, call);
      case 'planet.cancel_all_queued':
        return cancelAllQueuedPlanetOrders(client, payload, call, job);
      case 'planet.reconcile':
        return reconcilePlanetOrder(client, payload, call);
      case 'planet.list_cancelled':
        return listCancelledPlanetOrders(client, payload, call);
      default:
        throw unexpectedJob('planet', payload);
    }
  };
}
