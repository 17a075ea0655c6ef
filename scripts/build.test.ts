import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectTestRedis,
  deleteKeys,
  freePort,
  testRedisUrl,
  uniquePrefix,
  waitFor,
} from '@cancelq/test-utils';
import { BUILD_TARGETS, READ_AT_RUN_TIME, REPO_ROOT } from './build.ts';
import {
  instructions,
  parseCopy,
  parseDockerfile,
  parseHealthcheck,
  stageNamed,
} from './parse-dockerfile.ts';

/**
 * The image, rehearsed without Docker, in a temporary /app: the Dockerfile's manifest copies and
 * its production install (the same command), `pnpm build`'s bundles written into that tree, then
 * compose's commands started with plain node, as the image runs them — the simulator, the API and
 * a worker on the real Redis — and a cancellation carried through them by the compiled CLI.
 * Nothing is written into the checkout, so tests running beside this one see no dist/ change.
 */
const run = promisify(execFile);
const stages = parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, { command: string[] }> };
const TOKEN = 'image-test-token-0123456789abcdef';

interface Started {
  output: () => string;
  exited: Promise<number | NodeJS.Signals | null>;
  stop: () => void;
}

let app: string;
let prefix: string;
const ports = { api: 0, worker: 0, sim: 0 };
const started: Started[] = [];

/** The final stage's `ENV K=V` lines: NODE_ENV, NODE_OPTIONS. */
const imageEnv = Object.fromEntries(
  instructions(stages.at(-1)!, 'ENV').map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
) as Record<string, string>;

/** A container's env: the image's and the service's own, and nothing of this machine's but PATH. */
function start(service: string, env: Record<string, string>): Started {
  const [, ...args] = compose.services[service]!.command;
  const child = spawn(process.execPath, args, {
    cwd: app,
    env: { PATH: process.env.PATH, ...imageEnv, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (c) => (output += String(c)));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const handle: Started = {
    output: () => output,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
  started.push(handle);
  return handle;
}

const env = {
  sim: () => ({ SIM_HOST: '127.0.0.1', SIM_PORT: String(ports.sim), SIM_SEED_ORDERS: '1' }),
  api: () => ({
    REDIS_URL: testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    CANCELQ_API_HOST: '127.0.0.1',
    CANCELQ_API_PORT: String(ports.api),
    CANCELQ_API_TOKEN: TOKEN,
    CANCELQ_BOARD_USER: 'admin',
    CANCELQ_BOARD_PASSWORD: 'image-test-board-password-0123',
  }),
  worker: () => ({
    REDIS_URL: testRedisUrl(),
    CANCELQ_REDIS_PREFIX: prefix,
    CANCELQ_WORKER_PORT: String(ports.worker),
    CANCELQ_PROVIDERS: 'planet',
    PLANET_BASE_URL: `http://127.0.0.1:${ports.sim}/planet`,
    PLANET_API_KEY: 'sim-planet-key',
  }),
};

/** Until `url` answers 2xx; a process that exits first fails at once, with what it said. */
async function ready(name: string, handle: Started, url: string): Promise<void> {
  const answers = async () => (await fetch(url).catch(() => null))?.ok === true;
  const died = handle.exited.then((code) => {
    throw new Error(`${name} exited (${code}) before it was ready:\n${handle.output()}`);
  });
  // Once ready, the exit that teardown causes is no failure.
  died.catch(() => undefined);
  await Promise.race([waitFor(answers, { what: `${name} at ${url}` }), died]);
}

beforeAll(async () => {
  app = await mkdtemp(path.join(tmpdir(), 'cancelq-image-'));
  prefix = uniquePrefix('image');
  for (const copy of instructions(stageNamed(stages, 'manifests'), 'COPY').map(parseCopy)) {
    await mkdir(path.join(app, copy.destination), { recursive: true });
    for (const source of copy.sources)
      await copyFile(
        path.join(REPO_ROOT, source),
        path.join(app, copy.destination, path.basename(source)),
      );
  }
  // From the store the checkout's own install filled: no download.
  const { stdout: store } = await run('pnpm', ['store', 'path'], { cwd: REPO_ROOT });
  const [install] = instructions(stageNamed(stages, 'prod-deps'), 'RUN');
  const offline = `--store-dir ${path.dirname(store.trim())} --prefer-offline`;
  await run('sh', ['-c', `${install} ${offline}`], { cwd: app });
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', app], {
    cwd: REPO_ROOT,
  });
  // The CLI is not in the image: it runs where its own dependencies are installed.
  await symlink(
    path.join(REPO_ROOT, 'apps/cli/node_modules'),
    path.join(app, 'apps/cli/node_modules'),
    'dir',
  );
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();

  const sim = `http://127.0.0.1:${ports.sim}`;
  await ready('the simulator', start('provider-sim', env.sim()), `${sim}/_sim/health`);
  await ready('the API', start('api', env.api()), `http://127.0.0.1:${ports.api}/readyz`);
  await ready(
    'the worker',
    start('worker', env.worker()),
    `http://127.0.0.1:${ports.worker}/readyz`,
  );
}, 120_000);

afterAll(async () => {
  for (const handle of started) handle.stop();
  const codes = await Promise.all(started.map((p) => p.exited));
  const redis = connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.quit();
  if (app) await rm(app, { recursive: true, force: true });
  // Each one stops gracefully on SIGTERM, as `docker stop` asks.
  expect(codes).toEqual(started.map(() => 0));
});

describe('the built image tree', () => {
  it('holds every bundle, where the final stage copies them from', () => {
    for (const target of BUILD_TARGETS)
      expect(existsSync(path.join(app, target.outfile))).toBe(true);
    for (const copy of instructions(stages.at(-1)!, 'COPY').map(parseCopy))
      if (copy.from === 'build')
        for (const source of copy.sources)
          expect(existsSync(path.join(app, path.posix.relative('/app', source)))).toBe(true);
  });

  it('holds the Lua scripts beside the bundles that run them, and nowhere else', async () => {
    const [folder] = Object.values(READ_AT_RUN_TIME);
    const scripts = (await readdir(path.join(REPO_ROOT, folder!))).sort();
    expect(scripts).toContain('write-records.lua');
    for (const service of ['api', 'worker']) {
      const beside = path.dirname(path.join(app, compose.services[service]!.command[1]!));
      expect((await readdir(path.join(beside, 'lua'))).sort()).toEqual(scripts);
    }
    // No source tree here: the cancellation carried below (the API's acceptance runs
    // write-records.lua, the worker the limiter's and resolve-targets.lua) ran the bundles' copies.
    expect(existsSync(path.join(app, folder!))).toBe(false);
  });

  it('resolves pino-pretty from each bundle that logs (pino loads it by name on a terminal)', () => {
    for (const service of ['api', 'worker']) {
      const bundle = path.join(app, compose.services[service]!.command[1]!);
      expect(() => createRequire(bundle).resolve('pino-pretty')).not.toThrow();
    }
  });
});

describe('the bundles on plain node', () => {
  const healthcheck = () =>
    parseHealthcheck(instructions(stages.at(-1)!, 'HEALTHCHECK')[0]!).command.slice(1);
  const check = (processEnv: Record<string, string>) =>
    run(process.execPath, healthcheck(), {
      cwd: app,
      env: { PATH: process.env.PATH, ...processEnv },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );

  it('fail the health check where none of them listens', async () => {
    const [api, worker, sim] = [await freePort(), await freePort(), await freePort()];
    expect(
      await check({
        CANCELQ_API_PORT: String(api),
        CANCELQ_WORKER_PORT: String(worker),
        SIM_PORT: String(sim),
      }),
    ).toBe(1);
  });

  it('answer their probes and pass the health check, each in its own container', async () => {
    const health = await fetch(`http://127.0.0.1:${ports.api}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Each container sees only its own process's variables.
    expect(await check(env.api())).toBe(0);
    expect(await check(env.worker())).toBe(0);
    expect(await check(env.sim())).toBe(0);
  });

  it('carry a cancellation: the CLI through the API, a worker and the simulator', async () => {
    const sim = `http://127.0.0.1:${ports.sim}`;
    const { orders } = (await (await fetch(`${sim}/_sim/planet/orders?state=queued`)).json()) as {
      orders: { id: string }[];
    };
    const cli = path.join(app, 'apps/cli/dist/main.js');
    const { stdout } = await run(
      process.execPath,
      [cli, 'cancel', 'planet', orders[0]!.id, '--wait', '--json'],
      {
        cwd: app,
        env: {
          PATH: process.env.PATH,
          CANCELQ_URL: `http://127.0.0.1:${ports.api}`,
          CANCELQ_API_TOKEN: TOKEN,
        },
      },
    );
    const done = JSON.parse(stdout) as { state: string; summary: { cancelled: number } };
    expect(done).toMatchObject({ state: 'completed', summary: { cancelled: 1 } });
  });
});
