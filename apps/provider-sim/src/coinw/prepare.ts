import express, { type RequestHandler } from 'express';
import { callOf } from '../common/call-context.ts';
import { throttled } from './answers.ts';
import { authenticate } from './authenticate.ts';
import { reply, type CoinwContext } from './context.ts';
import { describeCoinwCall } from './describe-call.ts';
import { readRequest } from './read-request.ts';

/**
 * Raw body, then the ban and authentication. The body stays raw bytes: the signature covers the
 * exact bytes received, and re-serializing parsed JSON would verify something else.
 */
export function coinwPrepare(ctx: CoinwContext): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: '1mb' }),
    (req, res, next) => {
      // Described before any refusal, so refused calls are logged with the ids they named.
      Object.assign(callOf(res), describeCoinwCall(req));
      const { runtime } = ctx;
      const now = runtime.clock.now();
      if (ctx.storm.isBanned(now)) {
        return reply(ctx, res, throttled(runtime.settings.throttle_http_status));
      }
      const refusal = authenticate(
        req.headers,
        req.method,
        readRequest(req),
        ctx.keys,
        runtime.settings,
        now,
      );
      if (refusal !== null) return reply(ctx, res, refusal);
      return next();
    },
  ];
}
