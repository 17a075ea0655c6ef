import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@cancelq/test-utils';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

/**
 * The `cancelq` that `pnpm install` links (node_modules/.bin/cancelq → apps/cli/bin/cancelq.js),
 * run as an operator runs it: from another directory, in a shell pipeline. The other CLI tests
 * start src/main.ts directly; this one proves the installed entry point is the same program.
 */
const BIN = path.join(REPO_ROOT, 'node_modules/.bin/cancelq');

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi('bin');
});
afterAll(async () => api?.close());

function shell(command: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the installed cancelq bin', () => {
  it('answers from any directory, with the exit codes scripts rely on', async () => {
    const env = { CANCELQ_URL: api.url, CANCELQ_API_TOKEN: API_TOKEN };
    const accepted = await shell(`'${BIN}' cancel planet ${uuid(7)} --json`, env);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    const { id } = JSON.parse(accepted.stdout) as { id: string };
    const status = await shell(`'${BIN}' status ${id} --json`, env);
    // No worker runs here: the cancellation is accepted but not completed.
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, state: 'queued' });
    expect((await shell(`'${BIN}' status ${id}`, { CANCELQ_URL: api.url })).code).toBe(5);
  });

  it('ends quietly when the reader of its output goes away (`cancelq --help | head -1`)', async () => {
    const run = await shell(`'${BIN}' --help | head -1`);
    expect(run.stdout).toBe('Usage: cancelq [options] [command]\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
