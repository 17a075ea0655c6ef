import DataLoader from 'dataloader';
import type { AcceptedRequest } from './accept.ts';

/** Most requests in one transaction: past a few, sharing saves little, and EXEC blocks Redis. */
const MOST_REQUESTS_PER_TRANSACTION = 100;

export type Accept = (request: AcceptedRequest) => Promise<void>;

/**
 * Group commit: the requests that come to be written in the same turn of the event loop share
 * one transaction (`write`: acceptRequests in the API). Under load the API parses many requests
 * in one turn, and a transaction of its own for each costs more than its writes: a MULTI object
 * per request (ioredis copies every script BullMQ defines into each), a round trip, and MULTI,
 * EXEC and the index commands in Redis. A lone request is not held back: its group closes at
 * the end of the turn it came in (setImmediate), before any timer or new input. A failed
 * transaction fails every request in it, each with the same error, as one of its own would.
 * DataLoader does the grouping, its cache off (every request is written, none is a repeat).
 */
export function groupedAcceptance(
  /** Writes the requests in one transaction: acceptRequests. */
  write: (requests: readonly AcceptedRequest[]) => Promise<void>,
): Accept {
  const loader = new DataLoader<AcceptedRequest, true>(
    async (requests) => {
      await write(requests);
      return requests.map(() => true as const);
    },
    {
      cache: false,
      batchScheduleFn: (callback) => setImmediate(callback),
      maxBatchSize: MOST_REQUESTS_PER_TRANSACTION,
    },
  );
  return async (request) => {
    await loader.load(request);
  };
}
