import type { Request, RequestHandler, Response } from 'express';
import type { Accounts } from '../common/accounts.ts';
import { callOf } from '../common/call-context.ts';
import { outcome } from '../common/outcome.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { checkToken, presentedToken } from './check-token.ts';
import { describePlanomaticCall } from './describe-call.ts';
import { validationError } from './error-body.ts';
import { replayParseError } from './read-ahead.ts';
import type { PlanomaticRules } from './rules.ts';
import type { PlanomaticCredentialField } from './credentials.ts';

type PlanomaticAccounts = Accounts<PlanomaticCredentialField>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The account whose token the body presents (read ahead of the limiter: read-ahead.ts). */
export function planomaticAccountOf(
  accounts: PlanomaticAccounts,
  rules: PlanomaticRules,
  req: Request,
): string | null {
  const body: unknown = req.body;
  if (!isObject(body)) return null;
  return accounts.withKey(presentedToken(body, rules.tokenField))?.name ?? null;
}

/**
 * JSON body, then the token in it. "Only JSON POST is supported" [DOC api-basics]: a POST that
 * is not JSON is a 400; other methods pass through to a 404 (PlanOmatic has no GET routes here).
 * The token is checked alone and first: a bad token learns nothing about orders or fields.
 */
export function planomaticPrepare(
  runtime: ProviderRuntime,
  rules: PlanomaticRules,
): RequestHandler[] {
  const refuse = (res: Response, body: unknown) => send(runtime, res, outcome(400, body));

  return [
    (req, res, next) => {
      // `req.is` is null without a body (then the object check below answers) and false for
      // any other content type.
      if (req.method !== 'POST' || req.is('application/json') !== false) return next();
      return refuse(
        res,
        validationError(
          [{ attr: 'content_type', message: 'unrecognized' }],
          'Content-Type must be application/json',
        ),
      );
    },
    replayParseError(),
    (req, res, next) => {
      if (req.method !== 'POST') return next();
      const body: unknown = req.body;
      if (!isObject(body)) {
        return refuse(
          res,
          validationError(
            [{ attr: 'body', message: 'unrecognized' }],
            'Request body must be a JSON object',
          ),
        );
      }
      // The token named an account on arrival (planomaticAccountOf), or it is unknown.
      const known = callOf(res).account !== null;
      const error = checkToken(body, rules.tokenField, () => known);
      if (error === null) return next();
      // The shared describe step runs only for calls that pass; log what this one named too.
      Object.assign(callOf(res), describePlanomaticCall(req));
      return refuse(res, validationError([error]));
    },
  ];
}
