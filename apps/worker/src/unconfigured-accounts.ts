import type { ProviderId } from '@cancelq/contracts';
import { parseQueueName } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { drainQueue, type DrainContext, type Lane } from './drain-queue.ts';
import { repeat, type Repeating } from './repeat.ts';
import { notConfiguredHandler } from './handlers.ts';

/** How often the worker looks for queues of accounts it has no credentials for. */
export const LOOK_EVERY_MS = 5_000;

/** Refusing takes no provider call, so nothing to pace: a window no refusal fills. */
const UNPACED = { max: 1_000_000, durationMs: 1_000 };

export type UnconfiguredAccounts = Repeating;

/**
 * An account removed from the config may still have cancellations queued. Every acceptance names
 * its account's queue in a set; this looks at that set now and then, and drains each queue of a
 * provider this worker serves whose account it does not know, failing every target with
 * "account … is not configured": never sent with another account's credentials, never left
 * waiting unseen. (So every worker of a provider must know the same accounts: add an account to
 * the workers before the API, and remove it from the API first.)
 */
export function drainUnconfiguredAccounts(
  context: DrainContext,
  providers: readonly ProviderId[],
  known: ReadonlySet<string>,
  onLane: (lane: Lane) => void,
): UnconfiguredAccounts {
  const refused = new Set<string>();
  const key = outcomeKeys(context.env.CANCELQ_REDIS_PREFIX).accountQueues;
  const look = async () => {
    for (const name of await context.connection.smembers(key)) {
      const queue = parseQueueName(name);
      if (!queue || !providers.includes(queue.provider)) continue;
      if (known.has(name) || refused.has(name)) continue;
      refused.add(name);
      context.log.warn(
        { queue: name },
        'cancellations wait for an account this worker has no credentials for; failing them',
      );
      const handlers = notConfiguredHandler(queue.provider, queue.account);
      onLane(drainQueue(context, queue.provider, queue.account, handlers, UNPACED));
    }
  };
  return repeat(
    look,
    LOOK_EVERY_MS,
    (error) => context.log.warn({ err: error.message }, 'could not look for unconfigured accounts'),
    { now: true },
  );
}
