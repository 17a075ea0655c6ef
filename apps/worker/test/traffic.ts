import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import type { Stack } from './stack.ts';

/**
 * Traffic as clients send it: one request per body, at most `inFlight` at a time (an order
 * system reacting to fills). Returns the cancellation ids, in the order of the bodies.
 */
export async function sendEach(
  stack: Stack,
  bodies: unknown[],
  inFlight: number,
): Promise<string[]> {
  const ids: string[] = new Array<string>(bodies.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const index = next++;
        const body = bodies[index];
        ids[index] = (
          await stack.cancel(
            typeof body === 'function' ? await (body as () => Promise<unknown>)() : body,
          )
        ).id;
      }
    }),
  );
  return ids;
}

/** Every cancellation once all of them are completed, in the order of `ids`. */
export async function allCompleted(
  stack: Stack,
  ids: string[],
  timeoutMs = 30_000,
): Promise<Cancellation[]> {
  return waitFor(
    async () => {
      const records = await Promise.all(ids.map((id) => stack.get(id)));
      return records.every((r) => r.state === 'completed') ? records : null;
    },
    { timeoutMs, intervalMs: 200, what: `${ids.length} cancellations to complete` },
  );
}
