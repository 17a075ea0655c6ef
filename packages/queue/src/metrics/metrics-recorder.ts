import type { RedisConnection } from '../redis.ts';
import { metricsKeys } from '../keys.ts';
import { latencyBucket } from './latency-buckets.ts';

/** Why the pace slowed: our own sliding window was full, or the provider answered 429. */
/** Why calls were held back: see `SlotAnswer`'s reasons (a shutdown's hand-back is no slowdown). */
export type SlowdownReason = 'window' | 'provider_429' | 'late';

/** What the recorder needs of a provider call (the job log's CallRecord satisfies it). */
export interface RecordedCall {
  status: number | null;
  latencyMs: number;
  error?: string;
}

/**
 * Counts provider calls, latencies and slow-downs of one worker process into Redis hashes that
 * every worker shares, so the API's /metrics reports the whole fleet — prom-client's own
 * aggregation only spans a Node cluster, not processes on many machines. Increments are summed
 * in memory and flushed once a second (one pipeline), keeping Redis off the call's hot path; a
 * killed worker loses at most the last second of counts, never an outcome (those are counted
 * by the outcome store, atomically with the outcome itself).
 */
export class MetricsRecorder {
  private readonly keys;
  private pending = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    flushEveryMs = 1_000,
  ) {
    this.keys = metricsKeys(prefix);
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushEveryMs);
    this.timer.unref();
  }

  /** `queue`: the account's queue name (queueNameOf), which /metrics reads back as labels. */
  call(queue: string, call: RecordedCall): void {
    this.add(this.keys.calls, `${queue}|${statusLabel(call)}`, 1);
    const seconds = call.latencyMs / 1_000;
    this.add(this.keys.latency, `${queue}|${latencyBucket(seconds)}`, 1);
    this.add(this.keys.latency, `${queue}|sum`, seconds);
    this.add(this.keys.latency, `${queue}|count`, 1);
  }

  slowdown(queue: string, reason: SlowdownReason, waitMs: number): void {
    this.add(this.keys.slowdowns, `${queue}|${reason}`, 1);
    this.add(this.keys.slowdownWaits, `${queue}|${reason}`, waitMs / 1_000);
  }

  /** Writes what has been counted since the last flush. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [key, fields] of batch) {
      for (const [field, amount] of fields) {
        if (Number.isInteger(amount)) pipeline.hincrby(key, field, amount);
        else pipeline.hincrbyfloat(key, field, amount);
      }
    }
    await pipeline.exec();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private add(key: string, field: string, amount: number): void {
    const fields = this.pending.get(key) ?? new Map<string, number>();
    fields.set(field, (fields.get(field) ?? 0) + amount);
    this.pending.set(key, fields);
  }
}

/** The HTTP status, or what happened instead: `timeout` or `no_answer` (reset, refused…). */
export function statusLabel(call: RecordedCall): string {
  if (call.status !== null) return String(call.status);
  return call.error === 'timed out' ? 'timeout' : 'no_answer';
}
