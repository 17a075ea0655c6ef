import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from './wait-for.ts';

/** How long `stop()` lets redis-server shut down before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL: no shutdown save, no AOF rewrite — what a crash looks like. */
  kill(): Promise<void>;
  /** Starts redis-server again on the same port and data dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The memory setting docker-compose.yml runs Redis with (docs/operations.md, "Redis memory"):
 * hashes whose values are up to 256 bytes stay listpacks. A BullMQ job's data and options JSON
 * are over Redis's default 64, which makes each job hash a hash table twice the size. Private
 * servers run with it, so tests and benchmarks keep what a compose deployment keeps.
 */
export const REDIS_MEMORY_SETTINGS = ['--hash-max-listpack-value', '256'] as const;

/**
 * A redis-server of the test's own, with AOF on and REDIS_MEMORY_SETTINGS: what a test gets that must see every key of its
 * Redis and nobody else's (memory, a secrets scan), or that crashes and restarts Redis.
 */
export async function startPrivateRedis(
  options: {
    appendfsync?: 'always' | 'everysec' | 'no';
    /**
     * Cluster mode, as a one-node cluster that owns every slot: Redis then refuses any command,
     * transaction or script whose keys hash to different slots (CROSSSLOT), as a real Cluster
     * does, while a plain client needs no redirects.
     */
    cluster?: boolean;
  } = {},
): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cancelq-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendfsync ?? 'always',
        '--save',
        '',
        ...REDIS_MEMORY_SETTINGS,
        ...(options.cluster
          ? ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf')]
          : []),
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Refused connections are expected until the server is up; they are not errors here.
    probe.on('error', () => undefined);
    try {
      await waitFor(
        async () => {
          await probe.connect().catch(() => undefined);
          return (await probe.ping().catch(() => null)) === 'PONG';
        },
        { what: `redis-server on ${port}`, timeoutMs: 10_000 },
      );
      // A new cluster node owns no slot; one that restarts keeps them (nodes.conf).
      if (options.cluster && (await probe.cluster('INFO')).includes('cluster_slots_assigned:0'))
        await probe.cluster('ADDSLOTSRANGE', 0, 16_383);
      if (options.cluster)
        await waitFor(async () => (await probe.cluster('INFO')).includes('cluster_state:ok'), {
          what: `cluster state ok on ${port}`,
          timeoutMs: 10_000,
        });
    } finally {
      probe.disconnect();
    }
  };
  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return resolve();
      // A SIGTERM'd Redis finishes its AOF first; bounded, so a stuck disk cannot hang teardown.
      const killer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
      running.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      running.kill(signal);
    });

  await start();
  return {
    url,
    port,
    dir,
    kill: () => exit('SIGKILL'),
    restart: start,
    async stop() {
      await exit('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
