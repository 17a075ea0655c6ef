import express, { type ErrorRequestHandler, type Router } from 'express';
import { applyFault, statusFaultAnswer } from './apply-fault.ts';
import { attachCall, callOf } from './call-context.ts';
import { describeError } from './describe-error.ts';
import type { FaultSpec } from './faults.ts';
import { gatewayAnswer } from './gateway-answer.ts';
import { deferLostAnswer } from './lost-answer.ts';
import type { Outcome } from './outcome.ts';
import type { ProviderInstance, ProviderModule } from './provider.ts';
import { recordBodyCode } from './record-body-code.ts';
import type { ProviderRuntime } from './runtime.ts';
import { send } from './send.ts';

type ErrorBody = ProviderModule<string, unknown>['errorBody'];

/**
 * The chain every provider API call goes through, in this order:
 *   1. arrival time (before anything reads the body, except a provider's `readAhead`) and a
 *      call record, attributed to the account whose key the call presents;
 *   2. that account's sliding-window limiter (`default`'s for a call presenting no key we
 *      know); a 429 from the limiter wins over any fault;
 *   3. the provider's `prepare` (auth, body parsing);
 *   4. the call's description (ids, body kind) into the log, then the fault injector (a
 *      faulted call never reaches the provider's handlers, so order state is untouched —
 *      unless the fault is `after_effect`: then the handlers run and `send` answers with the
 *      fault instead of their outcome);
 *   5. the provider's handlers;
 *   6. 404 for unknown routes, and one error handler that answers in the provider's shape.
 * This router must be the first thing the app runs for the provider's prefix. A provider with
 * `answers` (CoinW) answers steps 2 and 4 in its own shape, and its calls record a body `code`.
 */
export function createApiPipeline(
  runtime: ProviderRuntime,
  errorBody: ErrorBody,
  instance: ProviderInstance,
): Router {
  const router = express.Router();
  const { answers } = instance;
  const throttled = (account: string | null): Outcome =>
    answers?.throttled(account) ?? { status: 429, body: errorBody(429, 'Too many requests') };
  const providerAnswer =
    answers === undefined ? statusFaultAnswer(errorBody) : (f: FaultSpec) => answers.fault(f);
  // A non-JSON body is a gateway's answer, not the provider's: the same for every provider.
  const statusAnswer = (f: FaultSpec): Outcome =>
    f.body === undefined ? providerAnswer(f) : gatewayAnswer({ ...f, body: f.body });

  if (instance.readAhead !== undefined) router.use(...instance.readAhead);

  router.use((req, res, next) => {
    const record = runtime.calls.start(runtime.clock.now(), req.method, req.originalUrl);
    record.account = instance.accountOf(req);
    attachCall(res, record);
    if (answers !== undefined) recordBodyCode(res, record, (body) => answers.codeOf(body));
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    if (!instance.accounts.limiterFor(record.account).tryAdmit(record.at_ms)) {
      const out = throttled(record.account);
      if (out.headers !== undefined) res.set(out.headers);
      res.status(out.status).json(out.body);
      return;
    }
    next();
  });

  if (instance.prepare.length > 0) router.use(...instance.prepare);

  router.use((req, res, next) => {
    const record = callOf(res);
    Object.assign(record, instance.describe(req));
    const fault = runtime.faults.pick(req.method, record.path, req.path);
    if (fault === null) return next();
    record.fault = fault.kind;
    if (fault.body !== undefined) record.fault_body = fault.body;
    const strike = () => applyFault(runtime, statusAnswer, fault, req, res);
    if (fault.after_effect !== true) return strike();
    record.after_effect = true;
    deferLostAnswer(res, strike);
    return next();
  });

  router.use(instance.api);

  router.use((_req, res) => send(runtime, res, { status: 404, body: errorBody(404, 'Not found') }));

  router.use(apiErrorHandler(runtime, errorBody));
  return router;
}

function apiErrorHandler(runtime: ProviderRuntime, errorBody: ErrorBody): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const { status, message } = describeError(err);
    if (status === 500) console.error(`[provider-sim/${runtime.name}]`, err);
    if (res.headersSent) return;
    res.status(status).json(errorBody(status, message));
  };
}
