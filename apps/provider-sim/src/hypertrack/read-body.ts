import express, { type Request, type RequestHandler } from 'express';

/**
 * How the cancel body was read, for the handler and the call log:
 * - `none`: no JSON body (absent, empty, or not sent as `application/json`);
 * - `empty`: `{}`, what the docs' example sends;
 * - `object`: a non-empty JSON object (its fields are ignored);
 * - `invalid`: unparseable JSON or JSON that is not an object (answered 422).
 */
export type BodyKind = 'none' | 'empty' | 'object' | 'invalid';

const KIND = Symbol('hypertrack body kind');
const EMPTY = Symbol('hypertrack body empty');

type WithKind = Request & { [KIND]?: BodyKind; [EMPTY]?: boolean };

/**
 * Parses a JSON body without letting a parse failure end the call: the failure is recorded as
 * `invalid` and the call goes on to the call log, faults and the handler, which answers it in
 * HyperTrack's validation shape. (express.json alone would jump to the error handler and skip
 * the call description.)
 */
export function readBody(): RequestHandler {
  // Non-strict so `[]` or `"x"` parse and are judged here rather than by body-parser.
  const json = express.json({
    limit: '1mb',
    strict: false,
    // body-parser turns a zero-length JSON body into `{}`; remember it was nothing at all.
    verify: (req, _res, buf) => {
      (req as WithKind)[EMPTY] = buf.length === 0;
    },
  });
  return (req, res, next) => {
    json(req, res, (err?: unknown) => {
      (req as WithKind)[KIND] = err === undefined ? kindOf(req) : 'invalid';
      next();
    });
  };
}

export function bodyKindOf(req: Request): BodyKind {
  return (req as WithKind)[KIND] ?? 'none';
}

function kindOf(req: Request): BodyKind {
  // body-parser leaves `req.body` undefined when it did not read a JSON body.
  const body: unknown = req.body;
  if (body === undefined || (req as WithKind)[EMPTY] === true) return 'none';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'invalid';
  return Object.keys(body).length === 0 ? 'empty' : 'object';
}
