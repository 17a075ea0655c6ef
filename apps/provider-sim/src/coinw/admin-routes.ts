import express, { type Router } from 'express';
import { namedAccount } from '../common/account-param.ts';
import type { Accounts } from '../common/accounts.ts';
import { BadRequest } from '../common/bad-request.ts';
import { asObject } from '../common/validate.ts';
import { parseCreateOrders } from './create-orders.ts';
import { isOrderStatus } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toTruth } from './present.ts';

/**
 * CoinW's own admin routes, relative to `/_sim/coinw`: create orders (for an `account`, default
 * `default`), read ground truth.
 */
export function coinwAdminRoutes(store: OrderStore, accounts: Accounts<string>): Router {
  const router = express.Router();

  router.post('/orders', (req, res) => {
    const account = namedAccount(accounts, asObject(req.body).account);
    const created = parseCreateOrders(req.body, store).map((o) => store.create({ ...o, account }));
    res.status(201).json({
      orders: created.map((o) => ({ id: o.id, status: o.status, pos_type: o.posType })),
    });
  });

  router.get('/orders/:id', (req, res) => {
    const id = parseOrderId(req.params.id);
    const order = id === null ? undefined : store.get(id);
    if (order === undefined) {
      res.status(404).json({ message: `No such order: ${req.params.id}` });
      return;
    }
    res.json(toTruth(order));
  });

  router.get('/orders', (req, res) => {
    const status = req.query.status;
    if (status !== undefined && !isOrderStatus(status)) throw new BadRequest('invalid status');
    const owner =
      req.query.account === undefined ? undefined : namedAccount(accounts, req.query.account);
    res.json({ orders: store.all(status, owner).map(toTruth) });
  });

  return router;
}
