import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Accounts } from '../common/accounts.ts';
import { presentedApiKey } from '../common/auth.ts';
import { callerOf, callOf } from '../common/call-context.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { bulkBadRequest, bulkCancel, parseBulkBody } from './bulk-cancel.ts';
import type { BulkFailures } from './bulk-failures.ts';
import { cancelOrder } from './cancel-order.ts';
import { planetErrorBody } from './error-body.ts';
import { getOrder } from './get-order.ts';
import { listOrders } from './list-orders.ts';
import { orderStats } from './order-stats.ts';
import type { OrderStore } from './order-store.ts';
import type { PlanetCredentialField, PlanetSettingKey } from './settings.ts';

/** Absolute root the client used, e.g. `http://127.0.0.1:4010/planet` (links are absolute). */
const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

/** The account whose API key the call presents (a Planet key is the whole credential). */
export function planetAccountOf(
  accounts: Accounts<PlanetCredentialField>,
  req: Request,
): string | null {
  return accounts.withKey(presentedApiKey(req.headers))?.name ?? null;
}

/** Auth on every route (the key matched an account on arrival), then JSON bodies. */
export function planetPrepare(runtime: ProviderRuntime<PlanetSettingKey>): RequestHandler[] {
  return [
    (_req, res, next) => {
      if (callOf(res).account !== null) return next();
      return send(runtime, res, { status: 401, body: planetErrorBody(401, 'Invalid API key') });
    },
    // Planet documents a 1 MB POST payload maximum for its other APIs; larger bodies get 413.
    express.json({ limit: '1mb' }),
  ];
}

/** Orders API v2 routes, relative to `/planet` (the real root is api.planet.com/compute/ops). */
export function planetApiRoutes(
  runtime: ProviderRuntime<PlanetSettingKey>,
  store: OrderStore,
  bulkFailures: BulkFailures,
): Router {
  const router = express.Router();

  router.put('/orders/v2/:id', (req, res) => {
    return send(runtime, res, cancelOrder(store, req.params.id, baseUrlOf(req), callerOf(res)));
  });

  router.post('/bulk/orders/v2/cancel', (req, res) => {
    const parsed = parseBulkBody(req.body, runtime.settings.bulk_max);
    if ('error' in parsed) return send(runtime, res, bulkBadRequest(parsed.error));
    const { out, transientIds } = bulkCancel(store, parsed, bulkFailures, callerOf(res));
    if (transientIds.length > 0) callOf(res).transient_ids = transientIds;
    return send(runtime, res, out);
  });

  router.get('/orders/v2/:id', (req, res) => {
    return send(runtime, res, getOrder(store, req.params.id, baseUrlOf(req), callerOf(res)));
  });

  router.get('/orders/v2', (req, res) => {
    const urls = {
      base: baseUrlOf(req),
      self: `${req.protocol}://${req.get('host')}${req.originalUrl}`,
    };
    const { state, created_on, last_modified, sort_by, page_marker } = req.query;
    const query = { state, created_on, last_modified, sort_by, page_marker };
    const pageSize = runtime.settings.page_size;
    return send(runtime, res, listOrders(store, query, pageSize, urls, callerOf(res)));
  });

  router.get('/stats/orders/v2', (_req, res) =>
    send(runtime, res, orderStats(store, callerOf(res))),
  );

  return router;
}
