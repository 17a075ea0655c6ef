import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one event-stream request (a path ending in `/events`):
 * - `forward`: streams the API's answer through as it comes;
 * - `cut`: passes the first event on, then half of another one, and drops the connection —
 *   a connection lost mid-stream, mid-event;
 * - `stall`: passes the first event on, then nothing more, holding the connection open — a
 *   half-open connection that never says it is dead;
 * - `hold`: holds the request, before it reaches the API, until `release()`; then forwards it.
 */
export type StreamStep = 'forward' | 'cut' | 'stall' | 'hold';

export interface SeenRequest {
  method: string;
  path: string;
  lastEventId: string | undefined;
  authorization: string | undefined;
}

/** A real HTTP proxy in front of the API that streams, counts, and misbehaves on cue. */
export interface StreamProxy {
  url: string;
  /** Every request, in the order it came. */
  seen: SeenRequest[];
  /** The next event-stream requests' steps, in order; once used up, each is forwarded. */
  script(...steps: StreamStep[]): void;
  /** Lets the requests a `hold` step holds go on to the API. */
  release(): void;
  close(): Promise<void>;
}

const PARTIAL_EVENT = 'id: 999999\nevent: state\ndata: {"id":"cut off';

/**
 * `notServed`: answer every event-stream request with this status instead, as an API older
 * than its event streams does (its catch-all 404 `not_found`, or a 405 from something in front).
 */
export async function startStreamProxy(
  target: string,
  { notServed }: { notServed?: 404 | 405 } = {},
): Promise<StreamProxy> {
  const steps: StreamStep[] = [];
  const seen: SeenRequest[] = [];
  const upstreams = new Set<http.ClientRequest>();
  let release = () => {};
  let gate = new Promise<void>((resolve) => (release = resolve));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    seen.push({
      method: req.method ?? '',
      path,
      lastEventId: header('last-event-id'),
      authorization: header('authorization'),
    });
    const isStream = /\/events(\?|$)/.test(path);
    if (isStream && notServed !== undefined) {
      res.writeHead(notServed, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: notServed === 404 ? 'not_found' : 'method' }));
    }
    const step = isStream ? (steps.shift() ?? 'forward') : 'forward';
    if (step === 'hold') await gate;
    const upstream = http.request(`${target}${path}`, {
      method: req.method,
      headers: { ...req.headers, host: new URL(target).host },
    });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('error', () => res.destroy());
    // The client gone (its abort, its reconnect): the API's stream ends with it.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (step === 'forward' || step === 'hold') return void answer.pipe(res);
      let text = '';
      answer.setEncoding('utf8').on('data', (chunk: string) => {
        if (text.includes('\n\n')) return;
        text += chunk;
        const end = text.indexOf('\n\n');
        if (end === -1) return;
        res.write(text.slice(0, end + 2));
        // Dropped once the bytes are out: a destroy at once would throw them away unsent.
        if (step === 'cut') res.write(PARTIAL_EVENT, () => res.socket?.destroy());
        // `stall`: nothing more is written; the connection stays open and silent.
      });
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    script: (...next) => steps.push(...next),
    release() {
      release();
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    async close() {
      for (const upstream of upstreams) upstream.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
