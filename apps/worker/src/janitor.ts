import type { Queue } from 'bullmq';
import type { Logger } from '@cancelq/config';
import type { ProviderId } from '@cancelq/contracts';
import { trimExpiredIndexes, type RedisConnection } from '@cancelq/queue';

/**
 * Keeps CANCELQ_RETENTION on a queue that has gone quiet.
 *
 * Workers keep finished jobs `{age}` (finishedJobsKept), but BullMQ applies that only while moving
 * a LATER job of the same queue to completed/failed: the last jobs before a queue goes idle (their
 * data names orders, their logs the calls) would stay until new work arrives — on a provider used
 * once a quarter, for months. The same holds for the cancellation indexes, which an acceptance
 * trims. So each worker sweeps its queues on a timer with BullMQ's own `queue.clean`, which
 * removes a finished job with everything it owns (hash, logs), and trims the indexes the same way
 * an acceptance does. Outcome records need nothing: they expire by themselves (PEXPIRE).
 *
 * Every worker process runs one per queue: sweeps are idempotent Lua scripts, so several workers
 * sweeping one queue only repeat each other's no-ops.
 */

/** Most jobs of one state one `clean` call removes: bounds how long one Lua script runs. */
const CLEAN_BATCH = 1_000;
/** BullMQ's default `streams.events.maxLen`. */
const DEFAULT_MAX_EVENTS = 10_000;
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 60_000;

/**
 * How often to sweep: as often as the retention, so a job outlives it by at most one interval,
 * but no more than once a second and no less than once a minute (a 30-day retention needs no
 * more precision than that, and a minute of extra life is nothing next to it).
 */
export function sweepIntervalMs(retentionMs: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, retentionMs));
}

export interface JanitorOptions {
  provider: ProviderId;
  queue: Queue;
  /** For the index trims; the connection the queue uses. */
  connection: RedisConnection;
  prefix: string;
  retentionMs: number;
  log: Logger;
}

export interface Janitor {
  /** No further sweeps; resolves once a sweep under way has settled. */
  stop(): Promise<void>;
}

/** Sweeps now, then every `sweepIntervalMs(retentionMs)` until stopped. */
export function startJanitor(options: JanitorOptions): Janitor {
  const { provider, queue, connection, retentionMs } = options;
  const log = options.log.child({ queue: provider });
  const intervalMs = sweepIntervalMs(retentionMs);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const clean = async (state: 'completed' | 'failed'): Promise<number> => {
    let removed = 0;
    let batch: number;
    // A full batch means more may be waiting: go on in further scripts rather than one long one.
    do {
      batch = (await queue.clean(retentionMs, CLEAN_BATCH, state)).length;
      removed += batch;
    } while (batch === CLEAN_BATCH && !stopped);
    return removed;
  };
  const sweep = async (): Promise<void> => {
    try {
      const completed = await clean('completed');
      const failed = await clean('failed');
      // Each clean adds a `cleaned` event, and on an idle queue nothing else trims the stream:
      // keep it at BullMQ's own bound, or sweeps alone would grow it for as long as it idles.
      await queue.trimEvents(queue.opts.streams?.events.maxLen ?? DEFAULT_MAX_EVENTS);
      await Promise.all(
        trimExpiredIndexes(connection, options.prefix, [provider], Date.now(), retentionMs, {
          legacy: true,
        }),
      );
      if (completed + failed > 0) log.debug({ completed, failed }, 'removed jobs past retention');
    } catch (error) {
      // Redis may be down or going away; the next sweep tries again. Never thrown: a timer's
      // rejection would end the process.
      if (!stopped)
        log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'retention sweep failed; will try again',
        );
    }
  };
  const run = async (): Promise<void> => {
    await sweep();
    // Scheduled after a sweep ends, so a slow Redis never has two sweeps of a queue at once.
    // Unref'd: a pending sweep must not keep a process alive that is otherwise done.
    if (!stopped)
      timer = setTimeout(() => {
        current = run();
      }, intervalMs).unref();
  };
  let current: Promise<void> = run();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
