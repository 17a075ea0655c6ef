import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '@cancelq/config';
import { createClusterClient } from './redis-cluster.ts';

/** A connection to cancelq's Redis: one server, or a Redis Cluster (every key in one slot). */
export type RedisConnection = Redis | Cluster;

/**
 * The API's connection fails fast: with Redis down, a request must get a 503 now, not hang in
 * an offline queue and be written later without anyone waiting for it. A URL is one server.
 */
export function createProducerRedis(url: string, options?: RedisOptions): Redis;
export function createProducerRedis(
  target: RedisTarget | string,
  options?: RedisOptions,
): RedisConnection;
export function createProducerRedis(
  target: RedisTarget | string,
  options: RedisOptions = {},
): RedisConnection {
  if (typeof target !== 'string' && target.kind === 'cluster')
    return createClusterClient(target, 'producer', options);
  return new Redis(typeof target === 'string' ? target : target.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    ...options,
  });
}

/**
 * Workers wait out a Redis restart (or a Cluster failover): every command is retried until
 * Redis is back, and the reconnect delay is capped so a restarted Redis is found within a
 * second.
 */
export function createWorkerRedis(url: string, options?: RedisOptions): Redis;
export function createWorkerRedis(
  target: RedisTarget | string,
  options?: RedisOptions,
): RedisConnection;
export function createWorkerRedis(
  target: RedisTarget | string,
  options: RedisOptions = {},
): RedisConnection {
  if (typeof target !== 'string' && target.kind === 'cluster')
    return createClusterClient(target, 'worker', options);
  return new Redis(typeof target === 'string' ? target : target.url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(50 * times, 1_000),
    ...options,
  });
}

/**
 * A connection of its own for SUBSCRIBE, with `connection`'s server(s) and settings: one in
 * subscriber mode can run no other command. Unlike a fail-fast producer's, it queues commands
 * while it connects, so the first SUBSCRIBE waits for it instead of failing. A Cluster's
 * subscription lives on one node of its choosing and moves to another if that node goes.
 */
export function duplicateForSubscriber(connection: RedisConnection): RedisConnection {
  return connection instanceof Cluster
    ? connection.duplicate([], { enableOfflineQueue: true, lazyConnect: false })
    : connection.duplicate({ enableOfflineQueue: true, lazyConnect: false });
}
