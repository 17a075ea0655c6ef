import type { Cancellation } from './answers.ts';
import { CancelqError } from './errors.ts';
import { sleep } from './linked-abort.ts';
import type { CancellationTransport, TransportContext } from './transport.ts';

/**
 * The default transport: GET the record every `intervalMs`. Once the first record has come, a
 * poll that fails in a way that may pass (network, 503) is a missed poll, and the next one is
 * the retry: an API restart or a Redis failover should not end an hour-long wait; more than
 * `maxConsecutiveFailures` in a row, a dead API, should.
 */
export const pollingTransport: CancellationTransport = async function* (
  id: string,
  context: TransportContext,
): AsyncGenerator<Cancellation> {
  const { signal } = context;
  yield await context.get(id, signal);
  let failures = 0;
  for (;;) {
    await sleep(context.intervalMs, signal);
    let record: Cancellation;
    try {
      record = await context.get(id, signal);
    } catch (error) {
      if (!(error instanceof CancelqError) || !error.retryable) throw error;
      failures += 1;
      if (failures > context.maxConsecutiveFailures) throw error;
      context.onTransientFailure?.(error, failures);
      continue;
    }
    failures = 0;
    yield record;
  }
};
