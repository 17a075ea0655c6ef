import express, { type Router } from 'express';
import type { Account, Accounts } from './accounts.ts';
import { namedAccount } from './account-param.ts';
import { BadRequest } from './bad-request.ts';
import { parseAccountSpecs, parseLimit } from './parse-accounts.ts';
import { asObject } from './validate.ts';

/**
 * `/_sim/<provider>/accounts` and `/limit`: who may call, and how often. Credentials are taken
 * in but never answered back (no admin answer holds a secret, so none can leak into a log).
 */
export function accountRoutes(accounts: Accounts<string>): Router {
  const router = express.Router();
  const listing = () => ({ accounts: accounts.list().map(present) });

  router.get('/accounts', (_req, res) => {
    res.json(listing());
  });

  // Replaces every account but `default`; `{accounts: []}` leaves `default` alone.
  router.put('/accounts', (req, res) => {
    const body = asObject(req.body);
    const unknown = Object.keys(body).find((key) => key !== 'accounts');
    if (unknown !== undefined) throw new BadRequest(`unknown field ${unknown}; known: accounts`);
    accounts.replace(parseAccountSpecs(body.accounts, accounts.spec));
    res.json(listing());
  });

  router.get('/limit', (req, res) => {
    res.json(accounts.get(namedAccount(accounts, req.query.account))!.limiter.limit);
  });

  // `{max?, duration_ms?, account?}`: a partial update of one account's limit (`default`'s).
  router.put('/limit', (req, res) => {
    const body = asObject(req.body);
    const { limiter } = accounts.get(namedAccount(accounts, body.account))!;
    limiter.limit = { ...limiter.limit, ...parseLimit(body) };
    res.json(limiter.limit);
  });

  return router;
}

const present = (account: Account<string>) => ({
  name: account.name,
  limit: account.limiter.limit,
});
