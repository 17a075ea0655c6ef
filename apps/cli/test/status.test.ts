import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';
import { cliEnv, runCli, startCli, startCliOnTerminal } from './run-cli.ts';

let api: TestApi;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi('status');
  env = cliEnv(api.url, API_TOKEN);
});
afterAll(async () => api?.close());

const planet = (...ids: string[]) => api.accept({ provider: 'planet', order_ids: ids });

describe('cancelq status <id>', () => {
  it('completed, every target cancelled → exit 0 and a summary', async () => {
    const { id } = await planet(uuid(1), uuid(2));
    await api.deps.store.resolve(id, [
      { id: uuid(1), outcome: 'cancelled', attempts: 1 },
      { id: uuid(2), outcome: 'cancelled', attempts: 1, detail: 'already cancelled' },
    ]);
    const run = await runCli(['status', id], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`cancellation ${id} (planet, account default)`);
    expect(run.stdout).toMatch(/state +completed at \d{4}-/);
    expect(run.stdout).toContain(
      'targets  2: cancelled 2, not cancellable 0, not found 0, failed 0, pending 0',
    );
    expect(run.stdout).not.toContain('not cancelled (');
  });

  it('completed with targets not cancelled → exit 3, and those targets with their detail', async () => {
    const { id } = await planet(uuid(1), uuid(2), uuid(3), uuid(4));
    await api.deps.store.resolve(id, [
      { id: uuid(1), outcome: 'cancelled', attempts: 1 },
      { id: uuid(2), outcome: 'not_cancellable', attempts: 2, detail: 'order is running' },
      { id: uuid(3), outcome: 'not_found', attempts: 1 },
      { id: uuid(4), outcome: 'failed', attempts: 8, detail: 'HTTP 502 after 8 attempts' },
    ]);
    const run = await runCli(['status', id], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'cancelled 1, not cancellable 1, not found 1, failed 1, pending 0',
    );
    const listed = run.stdout.slice(run.stdout.indexOf('not cancelled (3):'));
    expect(listed.split('\n').slice(1, 4)).toEqual([
      `  not_cancellable  ${uuid(2)}  order is running`,
      `  not_found        ${uuid(3)}`,
      `  failed           ${uuid(4)}  HTTP 502 after 8 attempts`,
    ]);
    expect(run.stdout).not.toContain(uuid(1));
  });

  it('not completed yet → exit 4', async () => {
    const { id } = await planet(uuid(1), uuid(2));
    expect((await runCli(['status', id], { env })).code).toBe(4);
    await api.deps.store.resolve(id, [{ id: uuid(1), outcome: 'cancelled', attempts: 1 }]);
    const run = await runCli(['status', id], { env });
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/state +in_progress/);
  });

  it('--json prints exactly what the API answers', async () => {
    const { id } = await planet(uuid(7));
    await api.deps.store.resolve(id, [{ id: uuid(7), outcome: 'failed', detail: 'HTTP 401' }]);
    const run = await runCli(['status', id, '--json'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(await api.get(`/v1/cancellations/${id}`));
  });
});

describe('cancelq status <id> --watch', () => {
  it('off a terminal: one plain line per change on stderr, then the summary', async () => {
    const { id } = await planet(uuid(1), uuid(2));
    const cli = startCli(['status', id, '--watch', '--interval', '100ms'], { env });
    await waitFor(() => cli.stderr().includes('queued 0/2 resolved'), { what: 'queued line' });
    await api.deps.store.resolve(id, [{ id: uuid(1), outcome: 'cancelled', attempts: 1 }]);
    await waitFor(() => cli.stderr().includes('in_progress 1/2 resolved'), {
      what: 'in_progress line',
    });
    expect(cli.stdout()).toBe('');
    await api.deps.store.resolve(id, [{ id: uuid(2), outcome: 'cancelled', attempts: 1 }]);
    const run = await cli.done;
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.map((line) => line.replace(/^\S+ /, '').split(' (')[0])).toEqual([
      'queued 0/2 resolved',
      'in_progress 1/2 resolved',
      'completed 2/2 resolved',
    ]);
    expect(run.stdout).toContain(`cancellation ${id} (planet, account default)`);
    expect(run.stdout).toMatch(/state +completed at/);
  });

  it('--json: the final document only, and the outcome exit code', async () => {
    const { id } = await planet(uuid(1));
    const cli = startCli(['status', id, '--watch', '--interval', '100ms', '--json'], { env });
    await waitFor(() => cli.stderr().includes('queued 0/1'), { what: 'queued line' });
    await api.deps.store.resolve(id, [{ id: uuid(1), outcome: 'not_found', attempts: 1 }]);
    const run = await cli.done;
    expect(run.code).toBe(3);
    const body = JSON.parse(run.stdout) as { state: string };
    expect(body.state).toBe('completed');
    expect(body).toEqual(await api.get(`/v1/cancellations/${id}`));
  });

  it('Ctrl-C stops watching with exit 130 and the last state; the cancellation goes on', async () => {
    const { id } = await planet(uuid(1));
    const cli = startCli(['status', id, '--watch', '--interval', '100ms'], { env });
    await waitFor(() => cli.stderr().includes('queued 0/1'), { what: 'queued line' });
    cli.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/state +queued/);
    expect(run.stderr).toContain(`cancelq status ${id} --watch`);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal: a live progress bar until completed', async () => {
    const { id } = await planet(uuid(1), uuid(2));
    const cli = startCliOnTerminal(['status', id, '--watch', '--interval', '100ms'], { env });
    await waitFor(() => cli.stdout().includes('0/2 resolved'), { what: 'the bar at 0/2' });
    await api.deps.store.resolve(id, [{ id: uuid(1), outcome: 'cancelled', attempts: 1 }]);
    await waitFor(() => cli.stdout().includes('1/2 resolved | in_progress'), {
      what: 'the bar at 1/2',
    });
    await api.deps.store.resolve(id, [{ id: uuid(2), outcome: 'cancelled', attempts: 1 }]);
    expect((await cli.done).code).toBe(0);
    expect(cli.stdout()).toMatch(/\u2588{15}\u2591{15} 1\/2 resolved/);
    expect(cli.stdout()).toMatch(/state +completed at/);
  });
});

describe('cancelq cancel … --wait', () => {
  it('follows the new cancellation to completion', async () => {
    const cli = startCli(['cancel', 'hypertrack', 'order-w', '--wait', '--interval', '100ms'], {
      env,
    });
    const id = await waitFor(() => /accepted ([0-9a-f-]{36})/.exec(cli.stderr())?.[1], {
      what: 'the accepted id on stderr',
    });
    await api.deps.store.resolve(id, [{ id: 'order-w', outcome: 'cancelled', attempts: 1 }]);
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`cancellation ${id} (hypertrack, account default)`);
  });
});
