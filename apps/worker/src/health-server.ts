import http from 'node:http';

/** `/healthz`: the process is up. `/readyz`: `isReady()` holds (Redis answers, queues listen). */
export async function startHealthServer(
  port: number,
  isReady: () => Promise<boolean>,
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
    respond(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}
