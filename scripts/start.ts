/**
 * `pnpm start`: the whole system on one machine — Redis (REDIS_URL if it answers, else a local
 * redis-server with its data under .data/), the provider simulator for every provider without
 * credentials, the API and a worker. Ctrl-C stops everything it started.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnChild, waitForHttp, type Child } from './start/children.ts';
import { redisAnswers, startLocalRedis } from './start/redis.ts';
import { simulatorEnvFor } from '@cancelq/test-utils';
import { SIMULATED_PROVIDERS } from './start/simulated-providers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEEDED_ORDERS = 5;
const children: Child[] = [];
let stopping = false;

const tsx = (entry: string) =>
  [process.execPath, ['--import', 'tsx', path.join(ROOT, entry)]] as const;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  for (const child of [...children].reverse()) await child.stop();
  process.exit(code);
}

function watch(child: Child): Child {
  children.push(child);
  void child.exited.then((code) => {
    if (stopping) return;
    process.stderr.write(
      `\n${child.name} exited unexpectedly (${String(code)}); stopping everything\n`,
    );
    void stopAll(1);
  });
  return child;
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll(0));
  const env = process.env;
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // CANCELQ_DATA_DIR: where that redis-server keeps its data, for a second sandbox beside the
  // first (and for the test of this script); `.data/redis` by default.
  const dataDir = env.CANCELQ_DATA_DIR ?? path.join(ROOT, '.data/redis');
  // A Redis Cluster named by REDIS_CLUSTER_NODES is the user's own: never stand a local one in.
  const cluster = Boolean(env.REDIS_CLUSTER_NODES?.trim());
  if (!cluster && !(await redisAnswers(redisUrl))) watch(await startLocalRedis(redisUrl, dataDir));

  const apiPort = env.CANCELQ_API_PORT ?? '3000';
  const workerPort = env.CANCELQ_WORKER_PORT ?? '3001';
  const shared: NodeJS.ProcessEnv = {
    ...env,
    REDIS_URL: redisUrl,
    CANCELQ_API_PORT: apiPort,
    CANCELQ_WORKER_PORT: workerPort,
    CANCELQ_API_TOKEN: env.CANCELQ_API_TOKEN ?? randomBytes(24).toString('base64url'),
    CANCELQ_BOARD_USER: env.CANCELQ_BOARD_USER ?? 'admin',
    CANCELQ_BOARD_PASSWORD: env.CANCELQ_BOARD_PASSWORD ?? randomBytes(18).toString('base64url'),
  };

  const simulated = SIMULATED_PROVIDERS.filter((p) => p.credentialVars.some((name) => !env[name]));
  let simUrl: string | null = null;
  if (simulated.length > 0) {
    let ready: (url: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (ready = resolve));
    const [command, args] = tsx('apps/provider-sim/src/main.ts');
    const sim = watch(
      spawnChild(
        'sim',
        command,
        [...args],
        {
          ...env,
          SIM_PORT: env.SIM_PORT ?? '4010',
          SIM_SEED_ORDERS: String(SEEDED_ORDERS),
          ...Object.fromEntries(simulated.flatMap((p) => Object.entries(p.simEnv))),
          // The simulator also plays the simulated providers' other accounts (<P>_ACCOUNTS).
          ...Object.fromEntries(
            Object.entries(simulatorEnvFor(stringsOf(env))).filter(([name]) =>
              simulated.some((p) => name === `SIM_${p.name.toUpperCase()}_ACCOUNTS`),
            ),
          ),
        },
        (line) => {
          const match = /"url":"([^"]+)"/.exec(line);
          if (line.includes('simulator ready') && match?.[1]) ready(match[1]);
        },
      ),
    );
    const url = await Promise.race([
      announced,
      sim.exited.then(() => Promise.reject(new Error('the simulator exited before it was ready'))),
    ]);
    for (const provider of simulated) Object.assign(shared, provider.workerEnv(url));
    simUrl = url;
  }

  const [node, apiArgs] = tsx('apps/api/src/main.ts');
  const api = watch(spawnChild('api', node, [...apiArgs], shared));
  const [, workerArgs] = tsx('apps/worker/src/main.ts');
  const worker = watch(spawnChild('worker', node, [...workerArgs], shared));
  const apiUrl = `http://localhost:${apiPort}`;
  await waitForHttp(`${apiUrl}/readyz`, 'the API', api);
  if (workerPort !== '0')
    await waitForHttp(`http://localhost:${workerPort}/readyz`, 'the worker', worker);

  const token = shared.CANCELQ_API_TOKEN ?? '';
  const examples = simUrl
    ? await Promise.all(simulated.map(async (p) => [p.name, await p.example(simUrl)] as const))
    : [];
  const curl = (body: object) =>
    `  curl -s -X POST ${apiUrl}/v1/cancellations -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" -d '${JSON.stringify(body)}'`;
  const lines = [
    '',
    'cancelq is running',
    `  API          ${apiUrl}`,
    `  token        ${token}`,
    `  Bull Board   ${apiUrl}/admin/queues   (user ${shared.CANCELQ_BOARD_USER}, password ${shared.CANCELQ_BOARD_PASSWORD})`,
    `  Redis        ${cluster ? `cluster ${env.REDIS_CLUSTER_NODES ?? ''}` : redisUrl}`,
    ...(simUrl
      ? [
          `  simulator    ${simUrl}   (simulating: ${simulated.map((p) => p.name).join(', ')}; admin at ${simUrl}/_sim/<provider>)`,
        ]
      : []),
    '',
    ...examples.flatMap(([name, body]) =>
      body ? [`Cancel seeded ${name} orders:`, curl(body)] : [],
    ),
    ...(examples.length > 0
      ? [
          'Then read it back (the id is in the answer):',
          `  curl -s ${apiUrl}/v1/cancellations/<id> -H "Authorization: Bearer ${token}"`,
        ]
      : []),
    '',
    'Ctrl-C stops everything started here.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`pnpm start: ${error instanceof Error ? error.message : String(error)}\n`);
  void stopAll(1);
});

function stringsOf(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
