import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './http-client.ts';
import { ProviderError } from '../provider-error.ts';

/**
 * What HttpClient puts on the wire, read by a real server: the path under the base URL's own
 * path, the caller's headers, a string body byte for byte (CoinW signs those bytes) and
 * anything else as JSON; what a call with no answer at all says; and the proxy the environment
 * names, as users behind an egress proxy set it.
 */
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let baseUrl: string;
const received: Received[] = [];

async function listen(target: net.Server): Promise<number> {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
}

async function close(target: net.Server): Promise<void> {
  if (target instanceof http.Server) target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
}

/** A TCP server that treats each connection its own way; stopping it drops every connection. */
async function rawServer(
  onSocket: (socket: net.Socket) => void,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const target = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  const port = await listen(target);
  return {
    port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await close(target);
    },
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  baseUrl = `http://127.0.0.1:${await listen(server)}/api/v3/`;
});
afterAll(() => close(server));

function lastReceived(): Received {
  const last = received.at(-1);
  if (!last) throw new Error('the server received nothing');
  return last;
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('HttpClient: what a call sends', () => {
  const client = () => new HttpClient({ baseUrl, timeoutMs: 2_000 });

  it('sends a string body byte for byte, with the caller’s headers, under the base path', async () => {
    const body = ' {"symbol": "BTC",  "orderIds":["1","2"]} ';
    const answer = await client().request(
      {
        method: 'delete',
        url: '/batchOrders?sign=1',
        headers: { 'Content-Type': 'application/json', api_key: 'k', sign: 's' },
        data: body,
      },
      ['1', '2'],
    );
    expect(answer).toEqual({ status: 200, body: { ok: true }, retryAfterMs: null });
    const sent = lastReceived();
    expect(sent).toMatchObject({ method: 'DELETE', url: '/api/v3/batchOrders?sign=1', body });
    expect(sent.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      api_key: 'k',
      sign: 's',
      accept: 'application/json, text/plain, */*',
      'user-agent': 'cancelq',
    });
  });

  it('sends any other body as JSON, and no body when there is none', async () => {
    await client().request(
      { method: 'POST', url: '/orders/cancel', data: { order_id: 'ö/1', notes: 'n' } },
      [],
    );
    expect(lastReceived()).toMatchObject({
      method: 'POST',
      body: '{"order_id":"ö/1","notes":"n"}',
    });
    await client().request({ method: 'PUT', url: '/orders/v2/a%2Fb' }, ['a/b']);
    expect(lastReceived()).toMatchObject({
      method: 'PUT',
      url: '/api/v3/orders/v2/a%2Fb',
      body: '',
    });
  });

  it('reports each call to its observer with the path it named, never the base URL', async () => {
    const records: unknown[] = [];
    await client().request({ method: 'post', url: '/x' }, ['id-1'], {
      onCall: (record) => records.push(record),
    });
    expect(records).toEqual([
      expect.objectContaining({ method: 'POST', path: '/x', status: 200, ids: ['id-1'] }),
    ]);
  });
});

describe('HttpClient: a call that gets no answer at all is retried later, in words', () => {
  it.each([
    [
      'nothing listens on the port',
      async () => {
        const closed = net.createServer();
        const port = await listen(closed);
        await close(closed);
        return { port, stop: () => Promise.resolve() };
      },
      /^network error ECONNREFUSED$/,
    ],
    [
      'the server closes the connection without answering',
      () => rawServer((socket) => socket.destroy()),
      /^network error: other side closed \(UND_ERR_SOCKET\)$/,
    ],
    [
      'the server answers something that is not HTTP',
      () => rawServer((socket) => socket.end('garbage\r\n\r\n')),
      /^network error/,
    ],
  ])('%s', async (_case, start, words) => {
    const { port, stop } = await start();
    try {
      const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 });
      const error = await failure(client.request({ method: 'POST', url: '/x', data: {} }, []));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ retry: 'later', status: null });
      expect((error as Error).message).toMatch(words);
    } finally {
      await stop();
    }
  });
});

describe('HttpClient: behind the proxy the environment names', () => {
  const names = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  let proxy: http.Server;
  const tunnels: string[] = [];
  const open = new Set<net.Socket>();

  beforeAll(async () => {
    // A forward proxy as undici uses one: a CONNECT tunnel to the provider.
    proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        open.add(socket).add(upstream);
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const port = await listen(proxy);
    for (const name of names) delete process.env[name];
    process.env.HTTP_PROXY = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    for (const socket of open) socket.destroy();
    await close(proxy);
  });

  it('sends every call through the proxy HTTP_PROXY names', async () => {
    const client = new HttpClient({ baseUrl, timeoutMs: 2_000 });
    const before = received.length;
    const answer = await client.request({ method: 'POST', url: '/proxied', data: { a: 1 } }, []);
    expect(answer.status).toBe(200);
    expect(tunnels).toEqual([new URL(baseUrl).host]);
    expect(received.slice(before)).toEqual([expect.objectContaining({ url: '/api/v3/proxied' })]);
  });

  it('goes direct to a host NO_PROXY names', async () => {
    process.env.NO_PROXY = '127.0.0.1';
    try {
      const tunnelsBefore = tunnels.length;
      const client = new HttpClient({ baseUrl, timeoutMs: 2_000 });
      expect((await client.request({ method: 'GET', url: '/direct' }, [])).status).toBe(200);
      expect(tunnels.length).toBe(tunnelsBefore);
      expect(lastReceived().url).toBe('/api/v3/direct');
    } finally {
      delete process.env.NO_PROXY;
    }
  });
});
