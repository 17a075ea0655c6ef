import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Cancellation } from '@cancelq/contracts';
import { WEBHOOK_QUEUE } from '@cancelq/queue';
import { connectTestRedis, waitFor } from '@cancelq/test-utils';
import { verifyWebhook } from '../src/webhooks/webhook-signature.ts';
import { startStack, type Stack } from './stack.ts';

const SECRET = 'stack-webhook-secret-5c0e1a9b72d4';

interface Received {
  delivery: string;
  signed: boolean;
  body: Cancellation;
  status: number;
}

/** A webhook receiver on loopback that verifies every signature, down for its first `downFor`. */
async function startReceiver(downFor = 0) {
  const received: Received[] = [];
  let refused = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = refused < downFor ? 503 : 200;
      if (status === 503) refused += 1;
      received.push({
        delivery: String(req.headers['cancelq-delivery']),
        signed: verifyWebhook(
          SECRET,
          raw,
          String(req.headers['cancelq-signature']),
          Date.now() / 1_000,
        ),
        body: JSON.parse(raw) as Cancellation,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((done) => server.close(done)) };
}

let stack: Stack;
let always: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  always = await startReceiver();
  stack = await startStack({
    CANCELQ_WEBHOOK_SECRET: SECRET,
    // The receivers listen on loopback.
    CANCELQ_WEBHOOK_ALLOW_PRIVATE: 'true',
    CANCELQ_WEBHOOK_URL: always.url,
  });
  await stack.startWorker();
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await always?.close();
});

describe('completion webhooks', () => {
  it('POST the completed record, signed, to callback_url and CANCELQ_WEBHOOK_URL, retried while a receiver is down', async () => {
    const flaky = await startReceiver(2);
    try {
      await stack.hypertrack.createOrders({ orders: [{ order_handle: 'hook-order' }] });
      const { id } = await stack.cancel({
        provider: 'hypertrack',
        order_handle: 'hook-order',
        callback_url: flaky.url,
      });
      const completed = await stack.completed(id);
      await waitFor(() => flaky.received.some((r) => r.status === 200), {
        what: 'the flaky receiver to take the webhook',
        timeoutMs: 30_000,
      });
      // Two refusals, then delivered: one delivery, its id on every attempt, every one signed.
      expect(flaky.received.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(new Set(flaky.received.map((r) => r.delivery)).size).toBe(1);
      expect(flaky.received.every((r) => r.signed)).toBe(true);
      expect(flaky.received[2]?.body).toEqual(completed);

      await waitFor(() => always.received.some((r) => r.body.id === id), {
        what: 'CANCELQ_WEBHOOK_URL to get it too',
      });
      const global = always.received.filter((r) => r.body.id === id);
      expect(global).toHaveLength(1);
      expect(global[0]?.signed).toBe(true);
      expect(global[0]?.delivery).not.toBe(flaky.received[0]?.delivery);
    } finally {
      await flaky.close();
    }
  }, 60_000);

  it('are deliveries Bull Board shows, in a queue of their own', async () => {
    const redis = connectTestRedis(stack.env.REDIS_URL);
    const queue = new Queue(WEBHOOK_QUEUE, { connection: redis, prefix: stack.prefix });
    try {
      const done = await queue.getJobs(['completed']);
      expect(done.length).toBeGreaterThanOrEqual(2);
      expect(done.every((job) => job.name.startsWith('webhook · '))).toBe(true);
    } finally {
      await queue.close();
      await redis.quit();
    }
  });

  it('are not made of the signing secret: it reaches no Redis key and no log', async () => {
    const scan = await stack.scanForSecrets([{ values: [SECRET] }]);
    expect(scan.leaks).toEqual([]);
  });
});
