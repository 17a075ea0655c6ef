import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createLogger } from '@cancelq/config';
import {
  acceptCancellations,
  CallPool,
  OutcomeStore,
  SlidingWindowLimiter,
  type JobDefaults,
  type PlannedJob,
} from '@cancelq/queue';
import { createJobRunner } from '../../src/run-job.ts';
import type { StepHandler } from '../../src/step-outcome.ts';

/**
 * The job runner alone, in this process, on a Planet queue of a test's own: a handler the test
 * writes stands for the provider. For tests of what the runner does with a call's outcome.
 */
export class InProcessRunner {
  readonly queue: Queue;
  readonly store: OutcomeStore;
  private worker: Worker | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly jobDefaults: JobDefaults,
  ) {
    this.queue = new Queue('planet', { connection: redis, prefix });
    this.store = new OutcomeStore(redis, prefix, jobDefaults.retentionMs);
  }

  /**
   * Starts a worker whose provider is `handler`, at a limit that never holds a call back;
   * returns its limiter.
   */
  run(
    handler: StepHandler,
    limits: { maxThrottles: number; maxPauseMs: number },
  ): SlidingWindowLimiter {
    const limiter = new SlidingWindowLimiter(this.redis, this.prefix, 'planet', {
      max: 1_000,
      durationMs: 1_000,
    });
    const runner = createJobRunner({
      provider: 'planet',
      account: 'default',
      queue: this.queue,
      limiter,
      store: this.store,
      handler,
      pool: new CallPool(this.redis, this.prefix),
      jobDefaults: this.jobDefaults,
      ...limits,
      log: createLogger('test', 'silent'),
    });
    this.worker = new Worker('planet', runner, {
      connection: this.redis,
      prefix: this.prefix,
      limiter: { max: 1_000_000, duration: 1_000 },
    });
    return limiter;
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /**
   * A cancellation of `ids` with one job of the kind a cancellation got before calls were
   * shared (`planet.cancel`: old jobs outlive deploys). Returns its id; its job is `<id>-1`.
   */
  async accept(ids: [string, ...string[]]): Promise<string> {
    const id = `c-${Math.random().toString(36).slice(2)}`;
    const jobs: PlannedJob[] = [
      {
        queue: 'planet',
        jobId: `${id}-1`,
        name: 'planet',
        data: { kind: 'planet.cancel', cancellationId: id, orderIds: ids },
      },
    ];
    await acceptCancellations(() => this.queue, this.prefix, this.jobDefaults, [
      {
        cancellation: {
          id,
          provider: 'planet',
          request: { provider: 'planet', order_ids: ids },
          targetIds: ids,
          createdAt: new Date(),
        },
        jobs,
      },
    ]);
    return id;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }
}
