import express, { type Router } from 'express';
import { callerOf } from '../common/call-context.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { cancelOrder } from './cancel-order.ts';
import type { OrderStore } from './order-store.ts';
import type { PlanomaticRules } from './rules.ts';

/** V3 routes, relative to `/planomatic` (the real root is https://api.planomatic.com). */
export function planomaticApiRoutes(
  runtime: ProviderRuntime,
  store: OrderStore,
  rules: PlanomaticRules,
): Router {
  const router = express.Router();

  router.post('/api/v3/orders/cancel', (req, res) => {
    // planomaticPrepare has checked that the body is an object holding the right token.
    const body = req.body as Record<string, unknown>;
    return send(runtime, res, cancelOrder(store, rules.cancelable, body, callerOf(res)));
  });

  return router;
}
