import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { errorAnswer } from './answers.ts';

const WINDOW_MS = 60_000;

/**
 * Slows down guessing: a client address whose credentials were refused `limit` times
 * (CANCELQ_AUTH_FAILURES) within a minute gets `429 too_many_failed_attempts` with Retry-After for wrong
 * credentials until the minute is over. Only refused requests reach it (see auth.ts, guard):
 * requests with the right credentials are never counted nor held back, so an attacker sharing a
 * desk's address cannot lock the desk out, and they pay nothing for it. Counted in this
 * process's memory (express-rate-limit's store), per door: each API replica counts its own, and
 * behind a proxy that Express does not trust, every client is the proxy.
 */
export function failedAuthThrottle(limit: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      const retryAfterS = Math.ceil(WINDOW_MS / 1_000);
      if (!res.getHeader('retry-after')) res.set('Retry-After', String(retryAfterS));
      const answer = errorAnswer(
        429,
        'too_many_failed_attempts',
        'too many refused credentials from this address; wait before trying again',
      );
      res.status(answer.status).json(answer.body);
    },
  });
}
