import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { settlesWithin } from '@cancelq/config';
import { errorAnswer, type Answer } from './http/answers.ts';

/** How long the connections cut at the deadline may take to close. */
const CUT_MS = 1_000;

const NOT_READY = errorAnswer(503, 'unavailable', 'shutting down');
const NOT_PROCESSED = errorAnswer(
  503,
  'unavailable',
  'shutting down: this request was not processed and nothing was written; send it again',
);

export interface GracefulServer {
  /**
   * Stops taking work and lets the requests in flight finish, for at most `timeoutMs`; then
   * cuts the connections still open. Resolves with how many requests were still unanswered.
   */
  stop(timeoutMs: number): Promise<{ cut: number }>;
}

/**
 * Serves `app` on `server` so that stopping never cuts work it has begun, within a deadline.
 * From `stop()` on:
 * - no new connection is accepted (`server.close()`, which on Node ≥ 19 also closes the
 *   keep-alive connections idle at that moment);
 * - a request that still arrives, on a connection opened before, is not processed: it gets 503
 *   and `Connection: close`, `/readyz` included. It has done nothing yet, so the caller (or a
 *   load balancer) can safely send it elsewhere; processing it would start Redis writes that
 *   the deadline might cut, and a busy keep-alive client could hold the process open.
 * - each request in flight finishes, and the last answer on its connection says
 *   `Connection: close`: Node would otherwise keep that connection open, and go on serving it,
 *   until its keep-alive timeout, and a client reusing it as it closes loses its request.
 */
export function serveGracefully(server: Server, app: RequestListener): GracefulServer {
  let stopping = false;
  const inFlight = new Set<ServerResponse>();
  /** The latest request on each connection: its answer is the one that may close it. */
  const latest = new WeakMap<Socket, ServerResponse>();
  /** Answers in flight that were told to close their connection when the stop began. */
  const closing = new WeakSet<ServerResponse>();
  const closeIdle = () => setImmediate(() => server.closeIdleConnections());

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const before = latest.get(req.socket);
    latest.set(req.socket, res);
    if (stopping) {
      // Pipelined behind an answer still to come: that answer leaves the connection open for
      // this one, which closes it.
      if (before && closing.has(before) && !before.headersSent) before.removeHeader('connection');
      return refuse(req, res);
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    app(req, res);
  });

  return {
    async stop(timeoutMs) {
      stopping = true;
      for (const res of inFlight) {
        if (!res.headersSent) {
          if (latest.get(res.req.socket) !== res) continue;
          res.setHeader('connection', 'close');
          closing.add(res);
        } else if (String(res.getHeader('content-type')).startsWith('text/event-stream')) {
          // An event stream only ends with its cancellation: end it now, and its client resumes
          // on another replica with Last-Event-ID, missing nothing.
          res.once('finish', closeIdle);
          res.end();
        } else {
          // Too late to say so: close the connection once it is idle.
          res.once('finish', closeIdle);
        }
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (await settlesWithin(closed, timeoutMs)) return { cut: 0 };
      const cut = inFlight.size;
      server.closeAllConnections();
      await settlesWithin(closed, CUT_MS);
      return { cut };
    },
  };
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  const { status, body }: Answer = path === '/readyz' ? NOT_READY : NOT_PROCESSED;
  res.statusCode = status;
  res.setHeader('connection', 'close');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
