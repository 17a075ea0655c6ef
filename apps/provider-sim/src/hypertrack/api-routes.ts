import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Accounts } from '../common/accounts.ts';
import { callerOf, callOf } from '../common/call-context.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { presentedCredentials, sameCredentials } from './auth.ts';
import { cancelOrder } from './cancel-order.ts';
import { CANCEL_ROUTE, cancelPathHandle } from './cancel-path.ts';
import { hypertrackErrorBody } from './error-body.ts';
import type { OrderStore } from './order-store.ts';
import { bodyKindOf, readBody } from './read-body.ts';
import type { HypertrackCredentialField, HypertrackSettingKey } from './settings.ts';

type HypertrackAccounts = Accounts<HypertrackCredentialField>;

/** The account whose AccountId the call presents, whatever its SecretKey. */
export function hypertrackAccountOf(accounts: HypertrackAccounts, req: Request): string | null {
  return accounts.withKey(presentedCredentials(req.headers)?.accountId)?.name ?? null;
}

/** Auth on every route (that account's SecretKey too), then the (optional) JSON body. */
export function hypertrackPrepare(
  runtime: ProviderRuntime<HypertrackSettingKey>,
  accounts: HypertrackAccounts,
): RequestHandler[] {
  return [
    (req, res, next) => {
      const name = callOf(res).account;
      const account = name === null ? undefined : accounts.get(name);
      const expected = account && {
        accountId: account.credentials.account_id,
        secretKey: account.credentials.secret_key,
      };
      if (expected && sameCredentials(presentedCredentials(req.headers), expected)) return next();
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
      owner: callerOf(res),
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
