import type { Request, RequestHandler, Response } from 'express';
import { secretMatcher } from './constant-time.ts';
import { errorAnswer } from './answers.ts';
import { failedAuthThrottle } from './failed-auth-throttle.ts';

export type CredentialCheck = (req: Request) => boolean;

/** Does the request carry `Authorization: Bearer <token>`? */
export function bearerIs(token: string): CredentialCheck {
  const isToken = secretMatcher(token);
  return (req) => {
    // Auth schemes are case-insensitive (RFC 9110 §11.1): `bearer` is as good as `Bearer`.
    const match = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '');
    return match?.[1] !== undefined && isToken(match[1]);
  };
}

/** Does the request carry HTTP Basic `user:password`? */
export function basicIs(user: string, password: string): CredentialCheck {
  const isUser = secretMatcher(user);
  const isPassword = secretMatcher(password);
  return (req) => {
    const match = /^Basic (.+)$/i.exec(req.get('authorization') ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString() : '';
    const colon = decoded.indexOf(':');
    // Both halves are always compared, so a wrong user takes as long as a wrong password.
    const userOk = isUser(colon < 0 ? '' : decoded.slice(0, colon));
    const passwordOk = isPassword(colon < 0 ? '' : decoded.slice(colon + 1));
    return colon >= 0 && userOk && passwordOk;
  };
}

/**
 * Lets a request with the right credentials through, checked once; refuses any other with
 * `refuse`, counted first by the failed-credentials throttle when there is one
 * (CANCELQ_AUTH_FAILURES), which answers 429 instead once an address was refused too often.
 */
function guard(
  valid: CredentialCheck,
  refuse: (res: Response) => void,
  failuresPerMinute: number | undefined,
): RequestHandler {
  const throttle = failuresPerMinute === undefined ? null : failedAuthThrottle(failuresPerMinute);
  return (req, res, next) => {
    if (valid(req)) return next();
    if (!throttle) return refuse(res);
    void throttle(req, res, () => refuse(res));
  };
}

/** `Authorization: Bearer <token>`; anything else is 401 with the contract's body. */
export function requireBearer(token: string, failuresPerMinute?: number): RequestHandler {
  return guard(
    bearerIs(token),
    (res) => {
      const answer = errorAnswer(401, 'unauthorized');
      res.status(answer.status).set('WWW-Authenticate', 'Bearer').json(answer.body);
    },
    failuresPerMinute,
  );
}

/** HTTP Basic for Bull Board, so a browser shows its login prompt. */
export function requireBasic(
  user: string,
  password: string,
  failuresPerMinute?: number,
): RequestHandler {
  return guard(
    basicIs(user, password),
    (res) => {
      const answer = errorAnswer(401, 'unauthorized');
      res
        .status(answer.status)
        .set('WWW-Authenticate', 'Basic realm="cancelq", charset="UTF-8"')
        .json(answer.body);
    },
    failuresPerMinute,
  );
}
