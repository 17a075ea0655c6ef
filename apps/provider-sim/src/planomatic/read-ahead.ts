import express, { type Request, type RequestHandler } from 'express';

const PARSE_ERROR = Symbol('planomatic body parse error');

type WithParseError = Request & { [PARSE_ERROR]?: unknown };

/**
 * PlanOmatic's limit is per integration token, and the token is in the JSON body: a gateway
 * that limits per token must read the body before it can count the call (PlanOmatic's limit is
 * "admin-managed per integration", i.e. the application's, which has the parsed body). So the
 * body is read ahead of the arrival stamp and the limiter. A body that does not parse is not
 * answered here: its error is kept and `replayParseError` answers it after the limiter, so a
 * refused call still costs a slot and a 429 still wins over a 400, as before.
 */
export function readAheadBody(): RequestHandler {
  const json = express.json({ limit: '1mb' });
  return (req, res, next) => {
    json(req, res, (err?: unknown) => {
      if (err !== undefined) (req as WithParseError)[PARSE_ERROR] = err;
      next();
    });
  };
}

/** In `prepare`: fails the call with the parse error `readAheadBody` kept, if any. */
export function replayParseError(): RequestHandler {
  return (req, _res, next) => {
    const err = (req as WithParseError)[PARSE_ERROR];
    if (err === undefined) next();
    else next(err);
  };
}
