import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { accessLog, type Logger } from '@cancelq/config';

/** Polled every few seconds by the orchestrator and the scraper: their access lines are debug. */
const PROBES = ['/healthz', '/readyz', '/metrics'];

/**
 * `/healthz`: the process is up. `/readyz`: `isReady()` holds (Redis answers, queues listen).
 * `/metrics`: this process's own metrics (CPU, memory, event loop lag); the fleet's provider
 * calls and outcomes are on the API's /metrics. It listens on 127.0.0.1 unless configured
 * otherwise: nothing here is for other hosts by default. Every request gets the API's access
 * line and `X-Request-Id` (accessLog), so a probe that failed can be found in the worker's log.
 */
export async function startHealthServer(
  listen: { port: number; host: string },
  isReady: () => Promise<boolean>,
  registry: Registry,
  /** Bearer token `/metrics` requires; the probes stay open (an orchestrator calls them). */
  metricsToken: string | undefined,
  log: Logger,
): Promise<http.Server> {
  const logRequest = accessLog(log, PROBES);
  const server = http.createServer((req, res) => {
    logRequest(req, res);
    const respond = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/healthz') return respond(200, { status: 'ok' });
    if (req.url === '/readyz') {
      isReady().then(
        (ready) => respond(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' }),
        () => respond(503, { status: 'unavailable' }),
      );
      return;
    }
    if (req.url === '/metrics') {
      if (metricsToken !== undefined && !bearerMatches(req.headers.authorization, metricsToken)) {
        res.setHeader('www-authenticate', 'Bearer');
        return respond(401, { error: 'unauthorized' });
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => respond(500, { status: 'metrics unavailable' }),
      );
      return;
    }
    respond(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  return server;
}

/** `Bearer <token>`, compared in constant time (hashed first: the length does not leak either). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
