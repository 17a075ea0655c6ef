import { Queue } from 'bullmq';
import { waitFor } from '@cancelq/test-utils';
import type { Provider } from './harness/sim-record.ts';
import type { BenchStack } from './harness/stack.ts';

/** Waits until no job of the provider is waiting, delayed or active: the drain is over. */
export async function queueIdle(stack: BenchStack, provider: Provider): Promise<void> {
  // A reader: it leaves the queue's settings (its meta) as cancelq wrote them.
  const queue = new Queue(provider, {
    connection: stack.redis,
    prefix: stack.prefix,
    skipMetasUpdate: true,
  });
  try {
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('wait', 'delayed', 'active', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${provider} queue idle` },
    );
  } finally {
    await queue.close();
  }
}
