import express, { type Router } from 'express';
import { BadRequest } from '../common/bad-request.ts';
import { parseCreateOrders } from './create-orders.ts';
import { isOrderStatus } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toTruth } from './present.ts';

/** CoinW's own admin routes, relative to `/_sim/coinw`: create orders, read ground truth. */
export function coinwAdminRoutes(store: OrderStore): Router {
  const router = express.Router();

  router.post('/orders', (req, res) => {
    const created = parseCreateOrders(req.body, store).map((o) => store.create(o));
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
    res.json({ orders: store.all(status).map(toTruth) });
  });

  return router;
}
