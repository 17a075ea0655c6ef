import express, { type Response, type Router } from 'express';
import { namedAccount } from '../common/account-param.ts';
import type { Accounts } from '../common/accounts.ts';
import { BadRequest } from '../common/bad-request.ts';
import { asObject, optionalArray, optionalEnum } from '../common/validate.ts';
import { parseCreateOrders } from './create-orders.ts';
import { isOrderStatus, ORDER_STATUSES, type OrderStatus } from './order.ts';
import type { OrderStore } from './order-store.ts';
import { toCreated, toTruth } from './present.ts';
import { TOKEN_FIELDS, type PlanomaticRules } from './rules.ts';
import { parseOrderChange } from './update-order.ts';

/**
 * PlanOmatic's own admin routes, relative to `/_sim/planomatic`: orders (created for an
 * `account`, default `default`) and their ground truth, and the two rules a test may change
 * (cancelable statuses, token field). No answer here ever contains the token.
 */
export function planomaticAdminRoutes(
  store: OrderStore,
  rules: PlanomaticRules,
  accounts: Accounts<string>,
): Router {
  const router = express.Router();
  const unknownOrder = (res: Response, orderId: string) =>
    res.status(404).json({ message: `No such order: ${orderId}` });

  router.post('/orders', (req, res) => {
    const account = namedAccount(accounts, asObject(req.body).account);
    const created = parseCreateOrders(req.body, store).map((o) => store.create({ ...o, account }));
    res.status(201).json({ orders: created.map(toCreated) });
  });

  router.get('/orders/:order_id', (req, res) => {
    const order = store.byOrder(req.params.order_id);
    if (order === undefined) return unknownOrder(res, req.params.order_id);
    res.json(toTruth(order));
  });

  router.patch('/orders/:order_id', (req, res) => {
    const change = parseOrderChange(req.body);
    const order = store.byOrder(req.params.order_id);
    if (order === undefined) return unknownOrder(res, req.params.order_id);
    res.json(toTruth(store.update(order, change)));
  });

  router.get('/orders', (req, res) => {
    const status = req.query.status;
    if (status !== undefined && !isOrderStatus(status)) {
      throw new BadRequest(`status must be one of ${ORDER_STATUSES.join(', ')}`);
    }
    const owner =
      req.query.account === undefined ? undefined : namedAccount(accounts, req.query.account);
    res.json({ orders: store.all(status, owner).map(toTruth) });
  });

  router.get('/cancelable-statuses', (_req, res) => {
    res.json({ cancelable_statuses: rules.cancelable });
  });

  router.put('/cancelable-statuses', (req, res) => {
    const list = optionalArray(asObject(req.body), 'cancelable_statuses');
    if (list === undefined) throw new BadRequest('cancelable_statuses must be an array');
    const statuses: OrderStatus[] = [];
    for (const [i, value] of list.entries()) {
      if (!isOrderStatus(value)) {
        throw new BadRequest(
          `cancelable_statuses[${i}] must be one of ${ORDER_STATUSES.join(', ')}`,
        );
      }
      if (!statuses.includes(value)) statuses.push(value);
    }
    rules.cancelable = statuses;
    res.json({ cancelable_statuses: rules.cancelable });
  });

  router.get('/token-field', (_req, res) => {
    res.json({ token_field: rules.tokenField });
  });

  router.put('/token-field', (req, res) => {
    const field = optionalEnum(asObject(req.body), 'token_field', TOKEN_FIELDS);
    if (field === undefined)
      throw new BadRequest(`token_field must be one of ${TOKEN_FIELDS.join(', ')}`);
    rules.tokenField = field;
    res.json({ token_field: rules.tokenField });
  });

  return router;
}
