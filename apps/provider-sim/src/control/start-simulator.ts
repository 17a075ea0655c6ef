import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Spawns the provider simulator as its own process, the way the worker will meet it: over real
 * HTTP, on an ephemeral port. It lives in the simulator's package so it can find `src/main.ts`
 * beside itself, whichever package's test calls it.
 */

/** This package's folder: this file is `src/control/start-simulator.ts`. */
const SIM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = resolve(SIM_DIR, 'src/main.ts');
/** tsx compiles on first start; generous so a cold CI box does not flake. */
const READY_TIMEOUT_MS = 30_000;
const KILL_AFTER_MS = 5_000;

export interface RunningSimulatorProcess {
  /** e.g. `http://127.0.0.1:43121`; Planet's base URL is `${url}/planet`. */
  url: string;
  /** SIGTERM, SIGKILL after 5 s; rejects if the process did not exit 0 on SIGTERM. */
  stop(): Promise<void>;
}

/** Starts this package's `src/main.ts` with `SIM_PORT=0` plus `env`; resolves when ready. */
export async function startSimulator(
  env: Record<string, string> = {},
): Promise<RunningSimulatorProcess> {
  // cwd = the simulator package, so `--import tsx` resolves from its own dependencies.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: SIM_DIR,
    env: { ...process.env, SIM_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });

  let url: string;
  try {
    url = await waitForReady(child, exited, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      const { code, signal } = await exited;
      clearTimeout(killer);
      if (code !== 0) {
        throw new Error(
          `provider-sim did not exit cleanly (code ${code}, signal ${signal}); stderr:\n${stderr}`,
        );
      }
    },
  };
}

function waitForReady(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  stderr: () => string,
): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`provider-sim not ready after ${READY_TIMEOUT_MS} ms; stderr:\n${stderr()}`),
      );
    }, READY_TIMEOUT_MS);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `provider-sim exited before ready (code ${code}, signal ${signal}); stderr:\n${stderr()}`,
        ),
      );
    });
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const url = readyUrl(line);
        if (url !== null) {
          clearTimeout(timer);
          resolveUrl(url);
        }
      }
    });
  });
}

function readyUrl(line: string): string | null {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'msg' in parsed && 'url' in parsed) {
      if (parsed.msg === 'simulator ready' && typeof parsed.url === 'string') return parsed.url;
    }
  } catch {
    // Not our line; the simulator only prints JSON, but be lenient.
  }
  return null;
}
