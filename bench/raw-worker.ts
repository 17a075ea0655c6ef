import { Worker } from 'bullmq';
import { createWorkerRedis } from '@cancelq/queue';
import { monotonicMs, nowMs } from './harness/clock.ts';

/**
 * The baseline of the dispatch-latency benchmark, as its own process like a cancelq worker: a
 * plain BullMQ Worker on the same Redis that only notes when its processor starts. Prints one
 * JSON line per job, `{"id", "at", "epoch"}`: the start on the host's monotonic clock
 * (`monotonicMs`) and in epoch ms (`nowMs`).
 */
function main(): void {
  const url = process.env.REDIS_URL;
  const prefix = process.env.RAW_PREFIX;
  const queue = process.env.RAW_QUEUE;
  if (!url || !prefix || !queue)
    throw new Error('raw-worker needs REDIS_URL, RAW_PREFIX and RAW_QUEUE');
  const connection = createWorkerRedis(url);
  const worker = new Worker(
    queue,
    async (job) => {
      // `at` to compare with the benchmark's stamps; `epoch` with BullMQ's `processedOn`.
      const at = monotonicMs();
      const epoch = nowMs();
      process.stdout.write(`${JSON.stringify({ id: job.id, at, epoch })}\n`);
      return Promise.resolve();
    },
    // The same concurrency as a cancelq worker's default; no limiter, nothing else.
    { connection, prefix, concurrency: 16 },
  );
  worker.on('error', (error) => process.stderr.write(`raw worker: ${error.message}\n`));
  void worker.waitUntilReady().then(() => process.stdout.write('raw worker ready\n'));
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => connection.quit())
      .finally(() => process.exit(0));
  });
}

main();
