/** The part of a BullMQ Worker this needs: how many jobs it holds at once. */
export interface ConcurrencyDial {
  concurrency: number;
}

export interface HeldJobsOptions {
  /** The most jobs the worker may hold (CANCELQ_CONCURRENCY): what a burst may use. */
  full: number;
  /** The limit's spacing in a backlog: window ÷ max, ms. */
  spacingMs: number;
  /**
   * How long a job may wait for its slot before BullMQ renews its lock (half its renewal time):
   * a job held no longer costs no renewal.
   */
  unrenewedMs: number;
}

/** How far the longest recent call decays with each call after it. */
const CALL_TIME_DECAY = 0.9;

/**
 * How many jobs a lane's worker holds at once. An idle provider takes a burst of up to its max
 * calls at once, so the worker holds all it may (`full`). In a backlog every slot is reserved
 * ahead, and a job held past the next few slots only sleeps: each of its lock's renewals is a
 * script and two writes to the AOF (measured at 10/1s with 16 held: 1.8 renewals, 0.34 KB of
 * AOF per order; at PlanOmatic's 100/60s a held job slept ~10 s). So, once a slot had to be
 * waited for, the worker holds only the calls in flight (the longest recent call ÷ spacing) and
 * the jobs whose slots come before a lock is renewed; back to `full` as soon as a slot goes at
 * once (BullMQ's `drained` event cannot tell: it fires in a backlog too, whenever a fetch races
 * another). Worker processes sharing a window each hold their own few, so with N of them a job
 * waits about N × half a second: telling others' reservations from its own by the waits made
 * the count swing from 16 to 2 when calls took 300 ms (the waits lag the count by a whole
 * round of jobs), and cost the pace. BullMQ has no pacing-aware concurrency, and reads
 * `concurrency` each time it would fetch a job, so this sets it.
 */
export class HeldJobs {
  private readonly options: HeldJobsOptions;
  private longestCallMs = 0;
  private dial: ConcurrencyDial | undefined;

  constructor(options: HeldJobsOptions) {
    this.options = options;
  }

  /** The worker whose concurrency this sets (it exists only after its job runner). */
  attach(dial: ConcurrencyDial): void {
    this.dial = dial;
  }

  /** A job has its slot, after waiting this long for it in this process. */
  slotTaken(waitedMs: number): void {
    if (waitedMs === 0) return this.set(this.options.full);
    // A short wait renews no lock: calls spread through a surge (a Planet race) wait a spacing
    // each, and holding fewer jobs then would only slow the call jobs that find nothing to carry.
    if (waitedMs < this.options.unrenewedMs / 2 && this.dial?.concurrency === this.options.full)
      return;
    this.set(this.inBacklog());
  }

  /** A provider call came back after this long. */
  callTook(latencyMs: number): void {
    this.longestCallMs = Math.max(latencyMs, this.longestCallMs * CALL_TIME_DECAY);
  }

  /** Jobs enough for the calls in flight and the slots before a renewal; at least two. */
  inBacklog(): number {
    const { full, spacingMs, unrenewedMs } = this.options;
    const needed = Math.ceil((this.longestCallMs + unrenewedMs) / spacingMs);
    return Math.min(full, Math.max(2, needed));
  }

  private set(concurrency: number): void {
    if (this.dial && this.dial.concurrency !== concurrency) this.dial.concurrency = concurrency;
  }
}
