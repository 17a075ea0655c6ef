import { startNodeProcess, type NodeProcess } from './node-process.ts';
import { waitFor } from './wait-for.ts';

/**
 * `apps/api/src/main.ts` as its own process, as users run it, on 127.0.0.1 and a port of its
 * choosing. `env` brings the rest: Redis, the API token, Bull Board's login, the log level;
 * `nodeArgs` go to node (`--cpu-prof`).
 */
export function spawnApiProcess(env: Record<string, string>, nodeArgs: string[] = []): NodeProcess {
  return startNodeProcess(
    'apps/api/src/main.ts',
    { CANCELQ_API_HOST: '127.0.0.1', CANCELQ_API_PORT: '0', ...env },
    nodeArgs,
  );
}

/** Waits for an API process to listen and be ready; its URL. */
export async function apiProcessUrl(api: NodeProcess): Promise<string> {
  const port = await waitFor(() => listeningPort(api), {
    what: 'the API to listen',
    timeoutMs: 30_000,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, {
    what: 'the API to be ready',
  });
  return url;
}

/**
 * The port from the API's `api listening` log line (it binds port 0), once it is there. An API
 * that exited (a configuration it refused) throws, so a wait that times out says why.
 */
function listeningPort(api: NodeProcess): number | null {
  if (api.child.exitCode !== null) throw new Error(`the API exited (${api.child.exitCode})`);
  for (const line of api.output().split('\n')) {
    if (!line.includes('"api listening"')) continue;
    const { port } = JSON.parse(line) as { port?: unknown };
    if (typeof port === 'number' && port > 0) return port;
  }
  return null;
}
