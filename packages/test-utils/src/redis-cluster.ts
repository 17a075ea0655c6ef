import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './redis-server.ts';
import { waitFor } from './wait-for.ts';

/** Whether `redis-server` can be run here: a test that needs one skips, saying so, without. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface LocalCluster {
  /** Every node's client port, the three first-made primaries first. */
  ports: number[];
  /** `127.0.0.1:port,…` of every node: a REDIS_CLUSTER_NODES. */
  seeds: string;
  /** The port of the primary serving `key`'s slot now, as a live node sees it. */
  primaryOf(key: string): Promise<number>;
  /** SIGKILL one node: no shutdown, no AOF rewrite. */
  kill(port: number): Promise<void>;
  /**
   * Starts a killed node again on its data: one that was failed over rejoins as a replica of
   * the node that took its place. Resolves once it is one, in sync.
   */
  restart(port: number): Promise<void>;
  /**
   * Waits until a node other than `dead` serves `key`'s slot and every live node says
   * cluster_state:ok; returns the new primary's port. Should the replica not have taken over
   * by itself within `forceAfterMs`, it is told to (CLUSTER FAILOVER FORCE).
   */
  failedOver(key: string, dead: number, forceAfterMs?: number): Promise<number>;
  /** Kills every node and removes their data. */
  stop(): Promise<void>;
}

const NODES = 6;

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function ask<T>(port: number, ask: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await ask(redis);
  } finally {
    redis.disconnect();
  }
}

/** The ports serving `slot`, as `via` sees them: its primary's first, then its replicas'. */
async function slotServers(via: number, slot: number): Promise<number[]> {
  const ranges = await ask(via, (redis) => redis.cluster('SLOTS'));
  const range = ranges.find(([from, to]) => slot >= from && slot <= to);
  // [from, to, [ip, port, id, …] of the primary, then of each replica]
  const [, , ...nodes] = range ?? [0, 0];
  return nodes.map(([, port]) => port);
}

async function clusterOk(port: number): Promise<boolean> {
  const info = await ask(port, (redis) => redis.cluster('INFO'));
  return info.includes('cluster_state:ok');
}

/**
 * A Redis Cluster of the test's own: six redis-servers on free ports (three primaries, a
 * replica each), AOF with `appendfsync always`, `cluster-node-timeout` short so a killed
 * primary's replica takes over within seconds. Each node's bus port is picked free too:
 * Redis's default, port + 10000, may lie beyond 65535 for an ephemeral port.
 */
export async function startLocalCluster({ nodeTimeoutMs = 1_000 } = {}): Promise<LocalCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cancelq-cluster-'));
  const allPorts = await distinctFreePorts(NODES * 2);
  const ports = allPorts.slice(0, NODES);
  const children = new Map<number, ChildProcess>();
  /** Starts (or starts again, on its own data and nodes.conf) the node on `port`. */
  const startNode = (port: number) => {
    const busPort = allPorts[NODES + ports.indexOf(port)] as number;
    const args = [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'always'],
      // One data dir for all six: each node's files under names of its own.
      ...['--appendfilename', `appendonly-${port}.aof`, '--appenddirname', `aof-${port}`],
      ...['--dbfilename', `dump-${port}.rdb`],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
      ...['--cluster-node-timeout', String(nodeTimeoutMs), '--cluster-port', String(busPort)],
    ];
    children.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  };
  for (const port of ports) startNode(port);
  const alive = () =>
    ports.filter((port) => {
      const child = children.get(port);
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    });
  const slotOf = async (key: string) =>
    Number(await ask(alive()[0] as number, (redis) => redis.cluster('KEYSLOT', key)));
  const kill = (port: number) =>
    new Promise<void>((resolve) => {
      const child = children.get(port);
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const stop = async () => {
    await Promise.all(ports.map(kill));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const port of ports)
      await waitFor(async () => (await ask(port, (redis) => redis.ping())) === 'PONG', {
        what: `redis-server on ${port}`,
        timeoutMs: 15_000,
      });
    const created = spawnSync(
      'redis-cli',
      [
        ...['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`)],
        ...['--cluster-replicas', '1', '--cluster-yes'],
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (created.status !== 0)
      throw new Error(
        `redis-cli --cluster create failed: ${created.error?.message ?? ''}\n` +
          `${created.stdout ?? ''}${created.stderr ?? ''}`,
      );
    // Ready: every node sees all six, the cluster is ok, and every replica is in sync.
    await waitFor(
      async () => {
        for (const port of ports) {
          const info = await ask(port, (redis) => redis.cluster('INFO'));
          if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${NODES}`))
            return false;
          const replication = await ask(port, (redis) => redis.info('replication'));
          if (replication.includes('role:slave') && !replication.includes('master_link_status:up'))
            return false;
        }
        return true;
      },
      { what: 'the cluster ok, with every replica in sync', timeoutMs: 30_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    ports,
    seeds: ports.map((port) => `127.0.0.1:${port}`).join(','),
    async primaryOf(key) {
      const slot = await slotOf(key);
      const [primary] = await slotServers(alive()[0] as number, slot);
      if (primary === undefined) throw new Error(`no node serves slot ${slot}`);
      return primary;
    },
    kill,
    async restart(port) {
      startNode(port);
      await waitFor(
        async () => {
          const replication = await ask(port, (redis) => redis.info('replication'));
          return (
            replication.includes('role:slave') && replication.includes('master_link_status:up')
          );
        },
        { what: `node ${port} back as a replica, in sync`, timeoutMs: 30_000 },
      );
    },
    async failedOver(key, dead, forceAfterMs = 10_000) {
      const slot = await slotOf(key);
      const live = alive();
      const promoted = async () => {
        const [primary] = await slotServers(live[0] as number, slot);
        if (primary === undefined || primary === dead) return null;
        for (const port of live) if (!(await clusterOk(port))) return null;
        return primary;
      };
      try {
        return await waitFor(promoted, { what: 'replica promoted', timeoutMs: forceAfterMs });
      } catch {
        // The replica taking over by itself is what is under test; this only keeps a starved
        // machine going (and the test's log says it happened).
        const replica = (await slotServers(live[0] as number, slot)).find((port) => port !== dead);
        console.warn(`no failover within ${forceAfterMs} ms; forcing it on ${replica}`);
        if (replica !== undefined)
          await ask(replica, (redis) => redis.cluster('FAILOVER', 'FORCE')).catch(() => null);
        return waitFor(promoted, { what: 'replica promoted (forced)', timeoutMs: 20_000 });
      }
    },
    stop,
  };
}
