import express, { type Router } from 'express';
import { namedAccount } from '../common/account-param.ts';
import type { Accounts } from '../common/accounts.ts';
import type { Clock } from '../common/clock.ts';
import { asObject } from '../common/validate.ts';
import { parseCreateOrders } from './create-orders.ts';
import type { OrderStore } from './order-store.ts';
import { toTruth } from './present.ts';
import { updateOrder } from './update-order.ts';

/**
 * HyperTrack's own admin routes, relative to `/_sim/hypertrack`: create orders (for an
 * `account`, default `default`), read and set ground truth. Handles in paths are URL-encoded,
 * one segment (`%2F` for `/`).
 */
export function hypertrackAdminRoutes(
  store: OrderStore,
  clock: Clock,
  accounts: Accounts<string>,
): Router {
  const router = express.Router();
  const notFound = { message: 'Order not found' };

  router.post('/orders', (req, res) => {
    const account = namedAccount(accounts, asObject(req.body).account);
    const created = parseCreateOrders(req.body, store).map((o) => store.create({ ...o, account }));
    res.status(201).json({ orders: created.map(toTruth) });
  });

  router.get('/orders', (req, res) => {
    const owner =
      req.query.account === undefined ? undefined : namedAccount(accounts, req.query.account);
    res.json({ orders: store.all(owner).map(toTruth) });
  });

  router.get('/orders/:order_handle', (req, res) => {
    const order = store.get(req.params.order_handle);
    if (order === undefined) res.status(404).json(notFound);
    else res.json(toTruth(order));
  });

  router.patch('/orders/:order_handle', (req, res) => {
    const order = store.get(req.params.order_handle);
    if (order === undefined || !updateOrder(order, req.body, clock.now())) {
      res.status(404).json(notFound);
      return;
    }
    res.json(toTruth(order));
  });

  return router;
}
