import express, { type Router } from 'express';
import type { Clock } from '../common/clock.ts';
import { parseCreateOrders } from './create-orders.ts';
import type { OrderStore } from './order-store.ts';
import { toTruth } from './present.ts';
import { updateOrder } from './update-order.ts';

/**
 * HyperTrack's own admin routes, relative to `/_sim/hypertrack`: create orders, read and set
 * ground truth. Handles in paths are URL-encoded, one segment (`%2F` for `/`).
 */
export function hypertrackAdminRoutes(store: OrderStore, clock: Clock): Router {
  const router = express.Router();
  const notFound = { message: 'Order not found' };

  router.post('/orders', (req, res) => {
    const created = parseCreateOrders(req.body, store).map((o) => store.create(o));
    res.status(201).json({ orders: created.map(toTruth) });
  });

  router.get('/orders', (_req, res) => {
    res.json({ orders: store.all().map(toTruth) });
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
