import type { Request, RequestHandler } from 'express';
import { secretMatcher } from './constant-time.ts';
import { errorAnswer } from './answers.ts';

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

/** `Authorization: Bearer <token>`; anything else is 401 with the contract's body. */
export function requireBearer(token: string): RequestHandler {
  const valid = bearerIs(token);
  return (req, res, next) => {
    if (valid(req)) return next();
    const answer = errorAnswer(401, 'unauthorized');
    res.status(answer.status).set('WWW-Authenticate', 'Bearer').json(answer.body);
  };
}

/** HTTP Basic for Bull Board, so a browser shows its login prompt. */
export function requireBasic(user: string, password: string): RequestHandler {
  const valid = basicIs(user, password);
  return (req, res, next) => {
    if (valid(req)) return next();
    const answer = errorAnswer(401, 'unauthorized');
    res
      .status(answer.status)
      .set('WWW-Authenticate', 'Basic realm="cancelq", charset="UTF-8"')
      .json(answer.body);
  };
}
