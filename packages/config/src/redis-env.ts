import { z } from 'zod';
import { duration } from './env-fields.ts';
import { clusterNodes } from './redis-target.ts';

/** Every key's prefix when none is set. */
export const DEFAULT_PREFIX = 'cancelq';
/** The prefix on a Redis Cluster when none is set: a hash tag, so every key shares one slot. */
export const CLUSTER_PREFIX = `{${DEFAULT_PREFIX}}`;
/** The API's Redis command timeout (create-api.ts): a WAIT must give up before it. */
const API_COMMAND_TIMEOUT_MS = 5_000;

/** Where Redis is, the key prefix, and how durable an acceptance must be before its 202. */
export const redisEnv = {
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .describe('The Redis that holds queues and outcomes.'),
  REDIS_CLUSTER_NODES: clusterNodes.describe(
    'A Redis Cluster instead: a few of its nodes, `host:port,host:port` (or `redis://user:password@host:port`, `rediss://` for TLS); set, REDIS_URL is not used. See docs/redis-cluster.md.',
  ),
  CANCELQ_REDIS_PREFIX: z
    .string()
    .min(1)
    .default(DEFAULT_PREFIX)
    .describe(
      `Prefix of every Redis key. On a Redis Cluster it must hold a hash tag (\`{…}\`) so all keys share one slot; unset there, it is \`${CLUSTER_PREFIX}\`.`,
    ),
  CANCELQ_ACCEPT_REPLICAS: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'Replicas that must hold an acceptance (Redis `WAIT`) before the API answers 202: fewer online is a 503 `unavailable` (nothing written), not acknowledged in time a 503 `outcome_unknown`. Unset: 1 on a Redis Cluster, 0 (no wait) on a single Redis.',
    ),
  CANCELQ_ACCEPT_REPLICA_TIMEOUT: duration('1s')
    .refine((ms) => ms < API_COMMAND_TIMEOUT_MS, {
      message: `must be below ${API_COMMAND_TIMEOUT_MS / 1_000}s, the API's Redis command timeout`,
    })
    .describe(
      'How long an acceptance waits for its CANCELQ_ACCEPT_REPLICAS replicas to acknowledge it; below 5s.',
    ),
};

type RedisVars = {
  REDIS_CLUSTER_NODES?: unknown;
  CANCELQ_REDIS_PREFIX: string;
  CANCELQ_ACCEPT_REPLICAS?: number | undefined;
};

/**
 * The environment as it is read: on a Redis Cluster an unset prefix is CLUSTER_PREFIX. A prefix
 * that is set is never rewritten: it names keys that may already exist, and tools outside
 * cancelq (redis-cli, dashboards) look for them by that name.
 */
export function withClusterDefaults(
  present: Record<string, string | undefined>,
): Record<string, string | undefined> {
  if (present.REDIS_CLUSTER_NODES === undefined || present.CANCELQ_REDIS_PREFIX !== undefined)
    return present;
  return { ...present, CANCELQ_REDIS_PREFIX: CLUSTER_PREFIX };
}

/**
 * The hash tag Redis Cluster hashes every key under `prefix` by, or null when keys under it may
 * land in different slots. Redis hashes a key by the text between its first `{` and the first
 * `}` after it when that text is not empty, else by the whole key; so the prefix must hold that
 * first `{`, its `}` and something between.
 */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf('{');
  if (open < 0) return null;
  const close = prefix.indexOf('}', open + 1);
  return close < 0 || close === open + 1 ? null : prefix.slice(open + 1, close);
}

/**
 * Why the prefix cannot work here, or null. On a Cluster, BullMQ's scripts, the accepting
 * MULTI, the outcome scripts and the limiter each touch several keys at once, which Redis
 * allows only within one slot (CROSSSLOT otherwise): refused at start, not at the first 202.
 */
export function clusterPrefixProblem(vars: RedisVars): string | null {
  if (vars.REDIS_CLUSTER_NODES === undefined || hashTagOf(vars.CANCELQ_REDIS_PREFIX) !== null)
    return null;
  const bare = vars.CANCELQ_REDIS_PREFIX.replace(/[{}]/g, '') || DEFAULT_PREFIX;
  return (
    `"${vars.CANCELQ_REDIS_PREFIX}" has no hash tag; on a Redis Cluster every key must hash to ` +
    `one slot: set it to "{${bare}}" (or leave it unset for "${CLUSTER_PREFIX}")`
  );
}

/** Replicas an acceptance waits for: CANCELQ_ACCEPT_REPLICAS, else 1 on a Cluster, 0 otherwise. */
export function acceptReplicasOf(vars: RedisVars): number {
  return vars.CANCELQ_ACCEPT_REPLICAS ?? (vars.REDIS_CLUSTER_NODES === undefined ? 0 : 1);
}
