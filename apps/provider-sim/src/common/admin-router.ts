import express, { type ErrorRequestHandler, type Router } from 'express';
import { describeError } from './describe-error.ts';
import { parseFaults } from './faults.ts';
import type { ProviderInstance } from './provider.ts';
import type { ProviderRuntime } from './runtime.ts';
import { parseSettingsUpdate } from './settings.ts';
import { BadRequest } from './bad-request.ts';
import { DEFAULT_ACCOUNT } from './account-spec.ts';
import { namedAccount } from './account-param.ts';
import { accountRoutes } from './account-routes.ts';

/**
 * `/_sim/<provider>`: the control surface tests drive. No auth, not rate limited, not recorded.
 * Shared routes: accounts, limit, config, faults, calls, reset. The provider adds its own
 * (orders, truth).
 */
export function createAdminRouter(runtime: ProviderRuntime, instance: ProviderInstance): Router {
  const router = express.Router();
  // Generous: a test may create 100,000 explicit orders in one call.
  router.use(express.json({ limit: '64mb' }));

  router.use(instance.admin);

  router.use(accountRoutes(instance.accounts));

  router.get('/config', (_req, res) => {
    res.json(runtime.settings);
  });

  router.put('/config', (req, res) => {
    Object.assign(runtime.settings, parseSettingsUpdate(req.body, runtime.settingSpecs));
    res.json(runtime.settings);
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: runtime.faults.list() });
  });

  router.post('/faults', (req, res) => {
    runtime.faults.add(parseFaults(req.body));
    res.status(201).json({ faults: runtime.faults.list() });
  });

  router.delete('/faults', (_req, res) => {
    runtime.faults.clear();
    res.status(204).end();
  });

  // `?account=`: only that account's calls, and its limit (default: every call, `default`'s).
  router.get('/calls', (req, res) => {
    const { accounts } = instance;
    const account =
      req.query.account === undefined ? undefined : namedAccount(accounts, req.query.account);
    const limit = accounts.get(account ?? DEFAULT_ACCOUNT)!.limiter.limit;
    const windowMs = parseWindow(req.query.window_ms) ?? limit.duration_ms;
    const throttledCode = instance.answers?.throttledCode;
    res.json({ ...runtime.calls.summary(windowMs, throttledCode, account), limit });
  });

  router.post('/reset', (_req, res) => {
    runtime.reset();
    instance.accounts.reset();
    instance.reset();
    res.status(204).end();
  });

  router.use(adminErrorHandler);
  return router;
}

function parseWindow(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new BadRequest('window_ms must be a positive number');
  return ms;
}

const adminErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  const { status, message } = describeError(err);
  if (status === 500) console.error('[provider-sim/admin]', err);
  res.status(status).json({ message });
};
