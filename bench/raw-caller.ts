import { Worker } from 'bullmq';
import { Pool } from 'undici';
import { createWorkerRedis } from '@cancelq/queue';

/**
 * The floor of the call-cost benchmark, as its own process like a cancelq worker: a plain BullMQ
 * Worker on the same Redis whose processor makes one HyperTrack cancel through undici (the
 * client cancelq's adapters use, with a kept-alive connection) and reads its JSON answer.
 * Nothing else: no limiter, no outcome record, no log line. What cancelq's worker spends per call
 * above what this spends is cancelq's own; what this spends is the machine's price of a BullMQ
 * job and a loopback HTTP call, measured in the same run.
 */
function main(): void {
  const { REDIS_URL, RAW_PREFIX, RAW_QUEUE, HYPERTRACK_BASE_URL } = process.env;
  const { HYPERTRACK_ACCOUNT_ID, HYPERTRACK_SECRET_KEY } = process.env;
  if (!REDIS_URL || !RAW_PREFIX || !RAW_QUEUE || !HYPERTRACK_BASE_URL)
    throw new Error('raw-caller needs REDIS_URL, RAW_PREFIX, RAW_QUEUE and HYPERTRACK_BASE_URL');
  const base = new URL(HYPERTRACK_BASE_URL);
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, { keepAliveTimeout: 600_000 });
  const authorization = `Basic ${Buffer.from(`${HYPERTRACK_ACCOUNT_ID}:${HYPERTRACK_SECRET_KEY}`).toString('base64')}`;
  const connection = createWorkerRedis(REDIS_URL);
  const worker = new Worker(
    RAW_QUEUE,
    async (job) => {
      const handle = (job.data as { handle: string }).handle;
      const answer = await pool.request({
        origin: base.origin,
        path: `${basePath}/orders/${encodeURIComponent(handle)}/cancel`,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: '{}',
      });
      // Read and parsed, as cancelq's adapters read every answer.
      JSON.parse(await answer.body.text());
      if (answer.statusCode !== 200) throw new Error(`HTTP ${answer.statusCode}`);
      return 'cancelled';
    },
    // The same concurrency as a cancelq worker's default; no limiter, nothing else.
    { connection, prefix: RAW_PREFIX, concurrency: 16 },
  );
  worker.on('error', (error) => process.stderr.write(`raw caller: ${error.message}\n`));
  void worker.waitUntilReady().then(() => process.stdout.write('raw caller ready\n'));
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => Promise.all([connection.quit(), pool.close()]))
      .finally(() => process.exit(0));
  });
}

main();
