import type { Job } from 'bullmq';
import type { JobLogLines } from '@cancelq/queue';

/**
 * The job log lines of a job's provider calls, one per call (what Bull Board shows). They are
 * not written a Redis round trip each, as `job.log` would: the outcome script that settles the
 * call writes them with the outcome (`take()`, lua/resolve-targets.lua), as BullMQ's own addLog
 * does (RPUSH while the job exists). `flush()` writes through BullMQ whatever no outcome took:
 * a throttled call, a failure before anything was settled. A worker killed between a call and
 * its outcome leaves no line for that call, as it leaves no outcome: the job runs again, and its
 * call is logged then.
 *
 * An `opening` (whom a shared call serves) begins the first call's line rather than taking a
 * line of its own; `close()` makes it a line alone when no call was made.
 */
export class CallLog {
  private lines: string[] = [];

  constructor(
    private readonly job: Job,
    private readonly jobKey: string,
    private opening?: string,
  ) {}

  add(line: string): void {
    this.lines.push(this.opening === undefined ? line : `${this.opening} — ${line}`);
    this.opening = undefined;
  }

  close(): void {
    if (this.opening !== undefined) this.lines.push(this.opening);
    this.opening = undefined;
  }

  /** The lines not written yet, for an outcome script to write; none are kept here after. */
  take(): JobLogLines | undefined {
    if (this.lines.length === 0) return undefined;
    const lines = this.lines;
    this.lines = [];
    return { jobKey: this.jobKey, lines };
  }

  /** Writes, through BullMQ, the lines no outcome took. */
  async flush(): Promise<void> {
    for (const line of this.take()?.lines ?? []) await this.job.log(line);
  }
}
