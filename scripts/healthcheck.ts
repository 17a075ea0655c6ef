import { fileURLToPath } from 'node:url';

/**
 * The image's HEALTHCHECK (`node dist/healthcheck.js`; slim images have no curl). One image runs
 * the API, a worker or the provider simulator, one process per container, so the check asks each
 * one's readiness probe on this host and passes when any answers 2xx: the other two ports are
 * closed in this container and refuse at once. (Under `network_mode: host` containers share
 * ports, so there give each service its own healthcheck with one URL.)
 *
 * Ports and hosts come from the variables the processes read, with the same defaults
 * (packages/config's env.ts, apps/provider-sim/src/env.ts; scripts/dockerfile.test.ts compares
 * them). An empty variable means the default, as it does for the processes.
 */
export interface Probe {
  name: string;
  portVar: string;
  defaultPort: number;
  hostVar: string;
  path: string;
}

export const PROBES: readonly Probe[] = [
  {
    name: 'api',
    portVar: 'CANCELQ_API_PORT',
    defaultPort: 3000,
    hostVar: 'CANCELQ_API_HOST',
    path: '/readyz',
  },
  {
    name: 'worker',
    portVar: 'CANCELQ_WORKER_PORT',
    defaultPort: 3001,
    hostVar: 'CANCELQ_WORKER_HOST',
    path: '/readyz',
  },
  {
    name: 'provider-sim',
    portVar: 'SIM_PORT',
    defaultPort: 4010,
    hostVar: 'SIM_HOST',
    path: '/_sim/health',
  },
];

/** Below Docker's HEALTHCHECK --timeout, so the script reports rather than being killed. */
const PROBE_TIMEOUT_MS = 2_000;

/** The URL a probe asks, or null when its process's port is off (0: the worker's health server). */
export function probeUrl(probe: Probe, env: NodeJS.ProcessEnv): string | null {
  const port = env[probe.portVar] ? Number(env[probe.portVar]) : probe.defaultPort;
  if (port === 0) return null;
  const configured = env[probe.hostVar] ?? '';
  // A wildcard listen address is reached on loopback from inside the container.
  const host = ['', '0.0.0.0', '::'].includes(configured) ? '127.0.0.1' : configured;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${probe.path}`;
}

/** Each probe's answer, e.g. `api http://127.0.0.1:3000/readyz: 200`. True when one is ready. */
export async function checkHealth(
  env: NodeJS.ProcessEnv,
  report: (line: string) => void,
): Promise<boolean> {
  const answers = await Promise.all(
    PROBES.map(async (probe) => {
      const url = probeUrl(probe, env);
      if (url === null) return false;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        await res.body?.cancel();
        report(`${probe.name} ${url}: ${res.status}`);
        return res.ok;
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        report(`${probe.name} ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
        return false;
      }
    }),
  );
  return answers.includes(true);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Docker keeps the output of the last checks (`docker inspect`): it says which probe answered.
  checkHealth(process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (healthy) => process.exit(healthy ? 0 : 1),
    () => process.exit(1),
  );
}
