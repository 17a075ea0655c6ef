import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createLogger, parseEnv } from '@cancelq/config';
import { waitFor } from '@cancelq/test-utils';
import { startHealthServer } from './health-server.ts';

const TOKEN = 'worker-metrics-token-91d2';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let server: http.Server | null = null;

/** Every line the health server logged (at debug, so the probes' lines are there too). */
let logged: string[] = [];

interface AccessLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; path: string };
  res?: { statusCode: number };
  responseTime?: number;
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
  logged = [];
});

async function start(host: string, token?: string): Promise<number> {
  const log = createLogger('cancelq-worker', 'debug', { write: (line) => logged.push(line) });
  server = await startHealthServer(
    { port: 0, host },
    () => Promise.resolve(true),
    new Registry(),
    token,
    log,
  );
  return (server.address() as AddressInfo).port;
}

/** The request id an answer carries, and the access line logged under it (written on finish). */
async function accessLineOf(res: Response): Promise<{ id: string; line: AccessLine }> {
  await res.arrayBuffer();
  const id = res.headers.get('x-request-id') ?? '';
  expect(id).not.toBe('');
  const line = await waitFor(
    () =>
      logged
        .map((text) => JSON.parse(text) as AccessLine)
        .find((l) => l.reqId === id && l.req !== undefined && l.res !== undefined),
    { what: `the access line of request ${id}`, timeoutMs: 5_000 },
  );
  return { id, line };
}

/** The status a GET answers, or `refused` when nothing listens there. */
async function status(url: string, authorization?: string): Promise<number | 'refused'> {
  try {
    return (await fetch(url, authorization ? { headers: { authorization } } : {})).status;
  } catch {
    return 'refused';
  }
}

describe('the worker health server', () => {
  it('listens on 127.0.0.1 by default: another loopback address does not reach it', async () => {
    const host = parseEnv({}).CANCELQ_WORKER_HOST;
    expect(host).toBe('127.0.0.1');
    const port = await start(host);
    expect(await status(`http://127.0.0.1:${port}/healthz`)).toBe(200);
    expect(await status(`http://127.0.0.2:${port}/healthz`)).toBe('refused');
  });

  it('listens where CANCELQ_WORKER_HOST says', async () => {
    const port = await start(parseEnv({ CANCELQ_WORKER_HOST: '0.0.0.0' }).CANCELQ_WORKER_HOST);
    expect(await status(`http://127.0.0.2:${port}/healthz`)).toBe(200);
  });

  it('asks for the metrics token on /metrics only', async () => {
    const port = await start('127.0.0.1', TOKEN);
    const base = `http://127.0.0.1:${port}`;
    expect(await status(`${base}/metrics`)).toBe(401);
    expect(await status(`${base}/metrics`, 'Bearer nope')).toBe(401);
    expect(await status(`${base}/metrics`, `Bearer ${TOKEN}`)).toBe(200);
    expect(await status(`${base}/readyz`)).toBe(200);
    expect(await status(`${base}/healthz`)).toBe(200);
  });

  it('logs every request like the API: method, path, status, time and the request id', async () => {
    const port = await start('127.0.0.1', TOKEN);
    const base = `http://127.0.0.1:${port}`;

    // A caller's well-formed id is kept and echoed; the probes are logged at debug.
    const probe = await accessLineOf(
      await fetch(`${base}/readyz`, { headers: { 'x-request-id': 'probe-7f3a9c' } }),
    );
    expect(probe.id).toBe('probe-7f3a9c');
    expect(probe.line).toMatchObject({
      level: 20,
      msg: 'request completed',
      reqId: 'probe-7f3a9c',
      req: { method: 'GET', path: '/readyz' },
      res: { statusCode: 200 },
    });
    expect(probe.line.responseTime).toBeGreaterThanOrEqual(0);

    // Anything else is logged at info, under a generated id, without its query string.
    const stray = await accessLineOf(await fetch(`${base}/nowhere?probe=1`));
    expect(stray.id).toMatch(UUID);
    expect(stray.line).toMatchObject({
      level: 30,
      reqId: stray.id,
      req: { method: 'GET', path: '/nowhere' },
      res: { statusCode: 404 },
    });

    // A refused scrape is logged, and neither its token nor the right one is.
    const refused = await accessLineOf(
      await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-5e1d' } }),
    );
    expect(refused.line).toMatchObject({ req: { path: '/metrics' }, res: { statusCode: 401 } });
    expect(logged.join('\n')).not.toMatch(/wrong-token-5e1d|authorization|probe=1/i);
    expect(logged.join('\n')).not.toContain(TOKEN);
  });
});
