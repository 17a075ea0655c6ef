import type { RedisConnection } from './redis.ts';

/** Fewer replicas are online than an acceptance must reach: refused before anything is written. */
export class ReplicasOfflineError extends Error {
  override readonly name = 'ReplicasOfflineError';
}

/** Writes made are not known to be on as many replicas as asked. */
export class NotReplicatedError extends Error {
  override readonly name = 'NotReplicatedError';
}

/**
 * Checks, before writing, that the primary holding `anchorKey`'s slot has `replicas` replicas
 * online (ROLE), or throws ReplicasOfflineError. Waiting for a replica that is not there would
 * hold the connection, and every request queued behind it, for the whole WAIT timeout; after a
 * failover, a primary whose only replica took its place has none until a node rejoins. ROLE
 * names no key, so it rides behind EXISTS of `anchorKey`, which routes it to that primary.
 */
export async function requireOnlineReplicas(
  connection: RedisConnection,
  anchorKey: string,
  replicas: number,
): Promise<void> {
  if (replicas <= 0) return;
  const results = await connection.pipeline().exists(anchorKey).role().exec();
  if (!results) throw new ReplicasOfflineError('the ROLE pipeline was discarded');
  // MOVED mid-failover, say: the slot's primary is not known right now.
  for (const [error] of results)
    if (error) throw new ReplicasOfflineError(`replicas not known: ${error.message}`);
  // A primary: ['master', offset, [[ip, port, offset] of each replica online]].
  const [kind, , online] = results[1]?.[1] as [string, number, unknown[]];
  if (kind !== 'master')
    throw new ReplicasOfflineError(`the node serving ${anchorKey} is a ${kind}, not a primary`);
  if (online.length < replicas)
    throw new ReplicasOfflineError(
      `${online.length} of the ${replicas} replica(s) an acceptance needs are online`,
    );
}

/**
 * Waits until `replicas` replicas hold every write `connection` has sent so far (Redis WAIT),
 * or throws NotReplicatedError. Replication is asynchronous: a write a primary acknowledged is
 * lost if the primary dies before passing it on and its replica takes over. WAIT closes that
 * gap (for as many replicas as it counted); it does not make Redis strongly consistent.
 *
 * WAIT counts the writes of its own client connection, so it must go down the connection the
 * writes took: on a Cluster, the one to the primary of their slot. WAIT names no key, so it
 * rides in a pipeline behind EXISTS of `writtenKey` (a key those writes created), which ioredis
 * sends to that primary. Should the slot have moved in between (a failover after the writes'
 * answer, before this), the pipeline reaches the new primary over a connection that wrote
 * nothing, so its WAIT says little: EXISTS then tells whether the writes survived onto it at
 * all, and missing is a NotReplicatedError rather than a success.
 */
export async function awaitReplicas(
  connection: RedisConnection,
  writtenKey: string,
  replicas: number,
  timeoutMs: number,
): Promise<void> {
  if (replicas <= 0) return;
  const results = await connection.pipeline().exists(writtenKey).wait(replicas, timeoutMs).exec();
  if (!results) throw new Error('the WAIT pipeline was discarded');
  for (const [error] of results) if (error) throw error;
  const [[, exists], [, acknowledged]] = results as [[null, number], [null, number]];
  if (exists !== 1)
    throw new NotReplicatedError('the primary that answered no longer holds the write');
  if (acknowledged < replicas)
    throw new NotReplicatedError(
      `${acknowledged} of ${replicas} replica(s) acknowledged the write within ${timeoutMs} ms`,
    );
}
