/**
 * Every job id cancelq makes, in one place. Ids are deterministic, so adding the same job twice
 * (a retried accept, a follow-up added again after a crash) is a no-op in BullMQ. A cancellation's
 * first jobs are named after it; every follow-up after the job it follows, so two follow-ups of
 * different jobs never share an id, and one job's follow-up is added once however often it runs.
 */
export const jobIds = {
  /** The n-th call a cancellation planned (1-based). */
  call: (cancellationId: string, n: number) => `${cancellationId}-${n}`,
  /** Planet's cancel of every queued order, and its one retry of the ids that failed. */
  allQueued: (cancellationId: string) => `${cancellationId}-all`,
  allQueuedRetry: (cancellationId: string) => `${cancellationId}-all-retry`,
  /** Planet: the GET that settles one refused order. */
  reconcile: (cancellationId: string, orderId: string) => `${cancellationId}-r-${orderId}`,
  /** Planet: a page of the orders cancelled while a cancel-all's answer was lost. */
  listCancelled: (cancellationId: string, page: number) => `${cancellationId}-lost-${page}`,
  /** CoinW's legacy chunk jobs: one half of a refused chunk. */
  chunkHalf: (cancellationId: string, chunk: number, half: string) =>
    `${cancellationId}-${chunk}-${half}`,
  /** A shared call's retry of the ids a transient failure left. */
  retry: (jobId: string) => `${jobId}-retry`,
  /** One half of a shared call refused for its content. */
  half: (jobId: string, side: 'a' | 'b') => `${jobId}-${side}`,
  /** Planet: the call that settles a shared call's lost races, and its next page. */
  settle: (jobId: string) => `${jobId}-settle`,
  nextPage: (jobId: string) => `${jobId}-next`,
} as const;
