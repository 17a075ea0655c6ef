import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Logger } from './logger.ts';

const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a caller may send as its request id: printable ASCII, at most 128 characters. */
const WELL_FORMED_ID = /^[\x20-\x7e]{1,128}$/;

/** The caller's id when it is well formed, else a new one. */
function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The path without the query string: none of our routes carries a secret there today, but the
 * access log should not depend on that staying true. Express's `originalUrl` is the one routers
 * mounted on a prefix do not rewrite; a plain node:http server only has `url`.
 */
function pathOf(req: IncomingMessage): string {
  const { originalUrl } = req as { originalUrl?: string };
  return (originalUrl || req.url || '').split('?', 1)[0] ?? '';
}

/** pino-http's own wording: a client that hung up before the answer was sent aborted it. */
function messageOf(req: IncomingMessage, res: ServerResponse): string {
  return !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
}

/**
 * One access line per request (`reqId`, `req: {method, path}`, `res: {statusCode}`,
 * `responseTime` in ms), and the request id echoed as `X-Request-Id` on every answer. Works as
 * Express middleware and as a plain call at the top of a node:http handler (`accessLog(req,
 * res)`), so the API and the worker's health port log alike. `req.log` is `log` bound to
 * `reqId`, for the lines handlers write about this request.
 *
 * `quietPaths` are logged at debug: probes and scrapes come every few seconds, and at info they
 * would drown the lines worth reading.
 *
 * Headers and bodies are never logged (no Authorization, no payloads). A failure is logged
 * once, with its stack, where it is handled, so the access line of a 5xx carries no `err` of
 * its own: pino-http would otherwise invent one ("failed with status code").
 */
export function accessLog(
  log: Logger,
  quietPaths: readonly string[],
): HttpLogger<IncomingMessage, ServerResponse> {
  const quiet = new Set(quietPaths);
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger: log,
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req) => (quiet.has(pathOf(req)) ? 'debug' : 'info'),
    customSuccessMessage: messageOf,
    customErrorMessage: messageOf,
    customErrorObject: (_req, _res, _error, { err: _err, ...line }: Record<string, unknown>) =>
      line,
  });
}
