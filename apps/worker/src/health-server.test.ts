import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { parseEnv } from '@cancelq/config';
import { startHealthServer } from './health-server.ts';

const TOKEN = 'worker-metrics-token-91d2';
let server: http.Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

async function start(host: string, token?: string): Promise<number> {
  server = await startHealthServer(
    { port: 0, host },
    () => Promise.resolve(true),
    new Registry(),
    token,
  );
  return (server.address() as AddressInfo).port;
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
});
