import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_CREDENTIALS } from '@cancelq/config';
import { freePort, REPO_ROOT, waitFor } from '@cancelq/test-utils';

/**
 * `pnpm start` as a user meets it on a machine with redis-server installed but no Redis
 * running: it starts one (AOF, data in CANCELQ_DATA_DIR), the simulators, the API and a worker;
 * prints the API URL, the token, Bull Board and a curl per simulated provider; the printed curl
 * cancels a seeded order; Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
 * stops everything it started.
 */
let start: ChildProcess;
let output = '';
let dataDir: string;
const ports = { redis: 0, api: 0, worker: 0, sim: 0 };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cancelq-start-'));
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  // No provider credential: every provider is simulated.
  const credentials: string[] = Object.values(PROVIDER_CREDENTIALS).flat();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !credentials.includes(name) && !name.startsWith('CANCELQ_'),
    ),
  );
  start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    // Its own process group, so the test can send SIGINT to all of it, as Ctrl-C does.
    detached: true,
    env: {
      ...env,
      REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
      CANCELQ_DATA_DIR: dataDir,
      CANCELQ_API_PORT: String(ports.api),
      CANCELQ_WORKER_PORT: String(ports.worker),
      SIM_PORT: String(ports.sim),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [start.stdout, start.stderr])
    stream?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await waitFor(() => output.includes('Ctrl-C stops everything started here.'), {
    what: `pnpm start to be ready; it said:\n${output}`,
    timeoutMs: 60_000,
  });
}, 90_000);

afterAll(async () => {
  if (start?.exitCode === null && start.pid) process.kill(-start.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

const printed = (label: string) => new RegExp(`^ {2}${label} +(\\S+)`, 'm').exec(output)?.[1];

describe('pnpm start', () => {
  it('prints the API, its token, Bull Board and a curl that cancels a seeded order', async () => {
    const api = printed('API');
    const token = printed('token');
    expect(api).toBe(`http://localhost:${ports.api}`);
    expect(token).toMatch(/^\S{20,}$/);
    expect(output).toContain(`Redis        redis://127.0.0.1:${ports.redis}`);
    expect(output).toMatch(/simulating: planet, planomatic, coinw, hypertrack/);

    const board = /Bull Board +(\S+) +\(user (\S+), password (\S+)\)/.exec(output);
    expect(board?.[1]).toBe(`${api}/admin/queues`);
    expect((await fetch(board![1]!)).status).toBe(401);
    const login = Buffer.from(`${board![2]}:${board![3]}`).toString('base64');
    expect((await fetch(board![1]!, { headers: { authorization: `Basic ${login}` } })).status).toBe(
      200,
    );

    // Every simulated provider gets a curl; run Planet's exactly as printed.
    const curls = [...output.matchAll(/curl -s -X POST (\S+) .*-d '(.+)'$/gm)];
    expect(curls.map((match) => (JSON.parse(match[2]!) as { provider: string }).provider)).toEqual([
      'planet',
      'planomatic',
      'coinw',
      'hypertrack',
    ]);
    const [, url, body] = curls[0]!;
    const res = await fetch(url!, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const done = await waitFor(
      async () => {
        const record = (await (
          await fetch(`${api}/v1/cancellations/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { state: string; summary: { cancelled: number } };
        return record.state === 'completed' ? record : null;
      },
      { what: 'the cancellation to complete', timeoutMs: 20_000 },
    );
    expect(done.summary.cancelled).toBe(1);
  });

  it('keeps Redis on disk with AOF, and Ctrl-C stops everything it started', async () => {
    expect(await readdir(dataDir)).toContain('appendonlydir');
    const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
    process.kill(-start.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const redis = new Redis(`redis://127.0.0.1:${ports.redis}`, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    await expect(redis.connect()).rejects.toThrow();
    for (const port of [ports.api, ports.worker, ports.sim])
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(existsSync(path.join(dataDir, 'appendonlydir'))).toBe(true);
  });
});
