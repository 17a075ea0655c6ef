import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { spawnChild, type Child } from './children.ts';

/** Whether a Redis answers PING at `url` within a second (`pnpm start` and `pnpm test` ask). */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Starts redis-server on REDIS_URL's port with its data under `dataDir`. AOF with fsync every
 * second: a local sandbox can afford to lose the last second in a power cut (see the README's
 * Guarantees for what `always` buys in production).
 */
export async function startLocalRedis(url: string, dataDir: string): Promise<Child> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'no Redis answers at REDIS_URL and redis-server is not installed: apt-get install -y redis-server',
    );
  }
  const { hostname, port } = new URL(url);
  mkdirSync(dataDir, { recursive: true });
  const args = [
    '--port',
    port || '6379',
    '--bind',
    hostname === 'localhost' ? '127.0.0.1' : hostname,
    '--dir',
    dataDir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    // As docker-compose.yml runs it: each retained job a compact hash (docs/operations.md).
    '--hash-max-listpack-value',
    '256',
  ];
  const child = spawnChild('redis', 'redis-server', args, process.env);
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url))) {
    if (Date.now() > deadline || child.process.exitCode !== null)
      throw new Error(`redis-server did not start on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}
