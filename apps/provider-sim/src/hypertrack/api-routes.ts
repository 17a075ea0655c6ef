import express, { type RequestHandler, type Router } from 'express';
import { callOf } from '../common/call-context.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { presentedCredentials, sameCredentials, type Credentials } from './auth.ts';
import { cancelOrder } from './cancel-order.ts';
import { CANCEL_ROUTE, cancelPathHandle } from './cancel-path.ts';
import { hypertrackErrorBody } from './error-body.ts';
import type { OrderStore } from './order-store.ts';
import { bodyKindOf, readBody } from './read-body.ts';
import type { HypertrackSettingKey } from './settings.ts';

/** Auth on every route, then the (optional) JSON body. */
export function hypertrackPrepare(
  runtime: ProviderRuntime<HypertrackSettingKey>,
  credentials: Credentials,
): RequestHandler[] {
  return [
    (req, res, next) => {
      if (sameCredentials(presentedCredentials(req.headers), credentials)) return next();
      return send(runtime, res, { status: 401, body: hypertrackErrorBody(401, 'Unauthorized') });
    },
    readBody(),
  ];
}

/** Orders API v3 routes, relative to `/hypertrack` (the real root is v3.api.hypertrack.com). */
export function hypertrackApiRoutes(
  runtime: ProviderRuntime<HypertrackSettingKey>,
  store: OrderStore,
): Router {
  const router = express.Router();

  router.post(CANCEL_ROUTE, (req, res) => {
    const path = cancelPathHandle(req.path)!;
    const out = cancelOrder(store, {
      handle: path.handle,
      // The call log already holds the query exactly as sent; Express's parsed req.query would
      // fold repeated keys and nest brackets.
      query: callOf(res).query,
      body: bodyKindOf(req),
      now: runtime.clock.now(),
      completedStatus: runtime.settings.completed_status,
      recancelStatus: runtime.settings.recancel_status,
    });
    return send(runtime, res, out);
  });

  return router;
}
