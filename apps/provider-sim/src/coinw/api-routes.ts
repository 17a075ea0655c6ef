import express, { type Request, type Router } from 'express';
import { callerOf } from '../common/call-context.ts';
import type { Outcome } from '../common/outcome.ts';
import { invalidParameter } from './answers.ts';
import { batchCancel, parseBatchCancel } from './batch-cancel.ts';
import { cancelOrder } from './cancel-order.ts';
import { reply, type CoinwContext } from './context.ts';
import { BATCH_CANCEL_PATH, CANCEL_ORDER_PATH } from './describe-call.ts';
import { readParams, type Params } from './read-params.ts';
import { readRequest } from './read-request.ts';

/** Futures trading routes, relative to `/coinw` (the real root is https://api.coinw.com). */
export function coinwApiRoutes(ctx: CoinwContext): Router {
  const router = express.Router();
  const { runtime, store } = ctx;

  router.delete(BATCH_CANCEL_PATH, (req, res) =>
    reply(
      ctx,
      res,
      withParams(req, (params) => {
        const parsed = parseBatchCancel(params, runtime.settings.batch_max);
        if ('refusal' in parsed) return parsed.refusal;
        const rejectUnknown = runtime.settings.reject_unknown === 1;
        return batchCancel(store, parsed.request, rejectUnknown, callerOf(res));
      }),
    ),
  );

  router.delete(CANCEL_ORDER_PATH, (req, res) =>
    reply(
      ctx,
      res,
      withParams(req, (params) => cancelOrder(store, params, callerOf(res))),
    ),
  );

  return router;
}

/** Runs `handle` on the call's parameters; an unreadable body is code 1. */
function withParams(req: Request, handle: (params: Params) => Outcome): Outcome {
  const read = readParams(readRequest(req));
  return 'error' in read ? invalidParameter(read.error) : handle(read.params);
}
