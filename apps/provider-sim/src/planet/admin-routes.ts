import express, { type Router } from 'express';
import { namedAccount } from '../common/account-param.ts';
import type { Accounts } from '../common/accounts.ts';
import { BadRequest } from '../common/bad-request.ts';
import { asObject } from '../common/validate.ts';
import { parseBulkFailures, type BulkFailures } from './bulk-failures.ts';
import { parseCreateOrders } from './create-orders.ts';
import { isOrderState } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toTruth } from './present.ts';

/**
 * Planet's own admin routes, relative to `/_sim/planet`: create orders (for an `account`,
 * default `default`), read ground truth, and the bulk-failures rules (per-order transient
 * failures inside a 200 bulk answer).
 */
export function planetAdminRoutes(
  store: OrderStore,
  bulkFailures: BulkFailures,
  accounts: Accounts<string>,
): Router {
  const router = express.Router();

  router.get('/bulk-failures', (_req, res) => {
    res.json({ failures: bulkFailures.list() });
  });

  router.post('/bulk-failures', (req, res) => {
    bulkFailures.add(parseBulkFailures(req.body));
    res.status(201).json({ failures: bulkFailures.list() });
  });

  router.delete('/bulk-failures', (_req, res) => {
    bulkFailures.clear();
    res.status(204).end();
  });

  router.post('/orders', (req, res) => {
    const account = namedAccount(accounts, asObject(req.body).account);
    const created = parseCreateOrders(req.body, store).map((o) => store.create({ ...o, account }));
    res.status(201).json({ orders: created.map((o) => ({ id: o.id, state: o.state })) });
  });

  router.get('/orders/:id', (req, res) => {
    const id = parseOrderId(req.params.id);
    const order = id === null ? undefined : store.get(id);
    if (order === undefined) {
      res.status(404).json({ message: `No such order ID: ${req.params.id}.` });
      return;
    }
    res.json(toTruth(order));
  });

  router.get('/orders', (req, res) => {
    const state = req.query.state;
    if (state !== undefined && !isOrderState(state)) throw new BadRequest('invalid state');
    const owner =
      req.query.account === undefined ? undefined : namedAccount(accounts, req.query.account);
    res.json({ orders: store.all(state, owner).map(toTruth) });
  });

  return router;
}
