import express, { type Request, type RequestHandler } from 'express';
import type { Accounts } from '../common/accounts.ts';
import { callOf } from '../common/call-context.ts';
import { throttled } from './answers.ts';
import { authenticate, header } from './authenticate.ts';
import { reply, type CoinwContext } from './context.ts';
import { describeCoinwCall } from './describe-call.ts';
import { readRequest } from './read-request.ts';
import type { CoinwCredentialField } from './settings.ts';

/**
 * The account the `api_key` header names, before the signature is checked: CoinW limits per
 * user, and a call is that user's attempt whether or not it is signed right.
 */
export function coinwAccountOf(
  accounts: Accounts<CoinwCredentialField>,
  req: Request,
): string | null {
  return accounts.withKey(header(req.headers, 'api_key'))?.name ?? null;
}

/**
 * Raw body, then the ban and authentication. The body stays raw bytes: the signature covers the
 * exact bytes received, and re-serializing parsed JSON would verify something else.
 */
export function coinwPrepare(ctx: CoinwContext): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: '1mb' }),
    (req, res, next) => {
      // Described before any refusal, so refused calls are logged with the ids they named.
      const record = callOf(res);
      Object.assign(record, describeCoinwCall(req));
      const { runtime } = ctx;
      const now = runtime.clock.now();
      if (ctx.storms.of(record.account).isBanned(now)) {
        return reply(ctx, res, throttled(runtime.settings.throttle_http_status));
      }
      const account = record.account === null ? undefined : ctx.accounts.get(record.account);
      const keys =
        account === undefined
          ? null
          : { apiKey: account.credentials.api_key, secretKey: account.credentials.secret_key };
      const refusal = authenticate(
        req.headers,
        req.method,
        readRequest(req),
        keys,
        runtime.settings,
        now,
      );
      if (refusal !== null) return reply(ctx, res, refusal);
      return next();
    },
  ];
}
