import { MetricsTime, type MetricsOptions } from 'bullmq';

/**
 * BullMQ's own per-minute counts of completed and failed jobs, which Bull Board charts for each
 * queue (`queue.getMetrics`). Every worker of a queue must pass the same value (BullMQ trims
 * the list to whatever the last finisher says).
 *
 * Default: one week of minutes (10,080 data points per list). The cost is bounded: BullMQ trims
 * each list to this length, and a list of 10,080 small counts measured 24 KB on Redis 7
 * (`MEMORY USAGE`), so about 50 KB per queue (completed and failed) once a week has passed,
 * whatever the traffic — 3 MB for 64 account queues. Each finished job adds an HINCRBY and an
 * HGET to the script that finishes it; a queue that was idle pushes the minutes it missed as
 * zeros in one go, at most this many.
 *
 * A minute's count is written when the first job after it finishes, so the newest point can lag
 * on a quiet queue; /metrics stays the source for alerting.
 */
export const BOARD_METRICS: MetricsOptions = { maxDataPoints: MetricsTime.ONE_WEEK };
