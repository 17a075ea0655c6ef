import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@cancelq/config';

const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a caller may send as its request id: printable ASCII, at most 128 characters. */
const WELL_FORMED_ID = /^[\x20-\x7e]{1,128}$/;

/** Scraped every few seconds: at info they would drown the lines worth reading. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** The caller's id when it is well formed, else a new one. */
function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The path without the query string: none of our routes carries a secret there today, but the
 * access log should not depend on that staying true. Express's `originalUrl` is the one routers
 * mounted on a prefix do not rewrite.
 */
function pathOf(req: Request): string {
  return (req.originalUrl || req.url).split('?', 1)[0] ?? '';
}

/** pino-http's own wording: a client that hung up before the answer was sent aborted it. */
function messageOf(req: Request, res: Response): string {
  return !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
}

/**
 * One access line per request (`reqId`, `req: {method, path}`, `res: {statusCode}`,
 * `responseTime` in ms), and the request id echoed as `X-Request-Id` on every answer. Mounted
 * first, so 401s, 404s, errors and Bull Board are covered. `req.log` is `log` bound to `reqId`,
 * for the lines handlers write about this request.
 *
 * Headers and bodies are never logged (no Authorization, no payloads). A failure is logged
 * once, with its stack, where it is handled (errors-middleware), so the access line of a 5xx
 * carries no `err` of its own: pino-http would otherwise invent one ("failed with status code").
 */
export function requestLog(log: Logger): RequestHandler {
  return pinoHttp<Request, Response>({
    logger: log,
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: Request) => ({ method: req.method, path: pathOf(req) }),
      res: (res: Response) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req) => (PROBES.has(pathOf(req)) ? 'debug' : 'info'),
    customSuccessMessage: messageOf,
    customErrorMessage: messageOf,
    customErrorObject: (_req, _res, _error, { err: _err, ...line }: Record<string, unknown>) =>
      line,
  });
}
