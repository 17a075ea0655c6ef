import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

/**
 * What the proxy does with one request:
 * - `forward`: passes it to the API and its answer back;
 * - `unavailable`: answers 503 unavailable without passing it on (nothing was written);
 * - `lose-answer`: passes it on, then throws the API's answer away and answers 503
 *   outcome_unknown — the API did the work, the client never heard;
 * - `reset`: closes the connection without an answer.
 */
export type Step = 'forward' | 'unavailable' | 'lose-answer' | 'reset';

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: string;
}

/** A real HTTP server in front of the API, failing on cue. */
export interface FlakyProxy {
  url: string;
  /** The next requests' steps, in order; once used up, every request is forwarded. */
  script(...steps: Step[]): void;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const steps: Step[] = [];
  const seen: SeenRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await text(req);
    const key = req.headers['idempotency-key'];
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      idempotencyKey: typeof key === 'string' ? key : undefined,
      body,
    });
    const step = steps.shift() ?? 'forward';
    if (step === 'reset') return void req.socket.destroy();
    if (step === 'unavailable') return answer(res, 503, { error: 'unavailable' });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && !['host', 'connection'].includes(entry[0]),
      ),
    );
    const upstream = await fetch(`${target}${req.url ?? ''}`, {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const upstreamBody = await upstream.text();
    if (step === 'lose-answer') return answer(res, 503, { error: 'outcome_unknown' });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(upstreamBody);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 502, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script: (...next) => steps.push(...next),
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
