import http from 'node:http';
import type { Registry } from 'prom-client';

/**
 * `/healthz`: the process is up. `/readyz`: `isReady()` holds (Redis answers, queues listen).
 * `/metrics`: this process's own metrics (CPU, memory, event loop lag); the fleet's provider
 * calls and outcomes are on the API's /metrics.
 */
export async function startHealthServer(
  port: number,
  isReady: () => Promise<boolean>,
  registry: Registry,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
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
    server.listen(port, resolve);
  });
  return server;
}
