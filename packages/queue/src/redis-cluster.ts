import { Cluster, type ClusterOptions, type Redis, type RedisOptions } from 'ioredis';
import type { ClusterSeeds } from '@cancelq/config';

/**
 * How a cluster client behaves while a primary fails over (its replica takes ~1–3 s past
 * cluster-node-timeout): `producer` may not resend anything, `worker` waits it out.
 */
export type ClusterRole = 'producer' | 'worker';

/** How often a command the cluster refused (CLUSTERDOWN, TRYAGAIN) or lost is tried again. */
const RETRY_DELAY_MS = 200;

/** What the role changes; `redisOptions` applies to the connection to each node. */
function roleOptions(role: ClusterRole): ClusterOptions {
  if (role === 'producer')
    return {
      // Until the cluster is ready; see failFastWhileDown.
      enableOfflineQueue: false,
      // ioredis resends a command whose connection dropped after the failover delay. A command
      // the dead primary may have applied (and replicated) must not be applied twice: the API
      // answers outcome_unknown instead (http/outcome-unknown.ts). CLUSTERDOWN and TRYAGAIN
      // answers, which prove nothing was applied, are still tried again: up to
      // maxRedirections (16) times, ~3 s, so an acceptance can ride out a quick failover.
      retryDelayOnFailover: 0,
      retryDelayOnClusterDown: RETRY_DELAY_MS,
      retryDelayOnTryAgain: RETRY_DELAY_MS,
      redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    };
  return {
    // Every command waits until its slot has a primary again, however long the failover takes:
    // BullMQ's scripts and ours are written to be resent (a worker's single-Redis connection
    // resends unanswered commands after a reconnect, too).
    maxRedirections: Number.POSITIVE_INFINITY,
    retryDelayOnFailover: RETRY_DELAY_MS,
    retryDelayOnClusterDown: RETRY_DELAY_MS,
    retryDelayOnTryAgain: RETRY_DELAY_MS,
    // BullMQ refuses a blocking connection whose commands may give up.
    redisOptions: { maxRetriesPerRequest: null },
  };
}

/**
 * The producer fails fast, as on one Redis: while the cluster is unreachable a request gets its
 * 503 now, not a place in a queue. But ioredis reads `enableOfflineQueue` for two things: the
 * cluster's queue (while it is not ready) and whether a command may meet a node connection
 * still being made — which every first command to a node does, and every command redirected
 * (MOVED) to a newly promoted primary. Off for both, those would be refused too. So it is on
 * only while the cluster is ready: a command then waits for its node's connection, bounded by
 * connectTimeout and commandTimeout, and is refused at once otherwise. ioredis reads the
 * option at each command (cluster/index.js, tryConnection), which this relies on.
 */
function failFastWhileDown(cluster: Cluster): Cluster {
  const queueing = (on: boolean) => () => {
    cluster.options.enableOfflineQueue = on;
  };
  cluster.on('ready', queueing(true));
  for (const status of ['close', 'reconnecting', 'end']) cluster.on(status, queueing(false));
  cluster.on('-node', (lost: Redis) => followFailover(cluster, lost));
  return cluster;
}

/** How often a producer looks the slots up while a lost node still serves some. */
const LOOK_EVERY_MS = 250;

/**
 * ioredis looks the slots up again after a lost connection only on its way to resending a
 * command, which the producer never does (retryDelayOnFailover): its slot map would name the
 * lost primary until a command failed against it. So the producer looks itself, again every
 * LOOK_EVERY_MS while the lost node still serves slots: the failover is seen within that of
 * its end, even with no command in flight. Stops once the cluster is closing or reconnecting
 * (which looks the slots up anyway).
 */
function followFailover(cluster: Cluster, lost: Redis): void {
  const key = `${lost.options.host}:${lost.options.port}`;
  const look = () => {
    if (cluster.status !== 'ready') return;
    cluster.refreshSlotsCache(() => {
      if (cluster.slots.some((nodes) => nodes[0] === key)) setTimeout(look, LOOK_EVERY_MS).unref();
    });
  };
  look();
}

/**
 * An ioredis Cluster client on `seeds`. It learns every node from CLUSTER SLOTS, follows MOVED
 * and ASK, and after a failover finds the promoted replica itself. `options` apply to every
 * node's connection (commandTimeout, say).
 */
export function createClusterClient(
  seeds: ClusterSeeds,
  role: ClusterRole,
  options: RedisOptions = {},
): Cluster {
  const base = roleOptions(role);
  const cluster = new Cluster(seeds.nodes, {
    ...base,
    // Looks again within a second once every node was lost, forever (enableOfflineQueue says
    // whether commands wait meanwhile).
    clusterRetryStrategy: (times) => Math.min(50 * times, 1_000),
    // A hostname must reach TLS as it is, for the certificate check: ioredis would otherwise
    // resolve seed hostnames to addresses first (its documented AWS ElastiCache TLS setting).
    ...(seeds.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    redisOptions: {
      ...base.redisOptions,
      ...(seeds.username ? { username: seeds.username } : {}),
      ...(seeds.password ? { password: seeds.password } : {}),
      ...(seeds.tls ? { tls: {} } : {}),
      ...options,
    },
  });
  return role === 'producer' ? failFastWhileDown(cluster) : cluster;
}
