import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';
import { cliEnv, runCli } from './run-cli.ts';

let api: TestApi;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi('exit');
  env = cliEnv(api.url, API_TOKEN);
});
afterAll(async () => api?.close());

/** Every command, so each exit code is shown to hold for all of them. */
const COMMANDS: [string, string[]][] = [
  ['cancel', ['cancel', 'planet', uuid(1)]],
  ['status', ['status', uuid(1)]],
  ['status --watch', ['status', uuid(1), '--watch']],
  ['list', ['list']],
];

describe('exit codes', () => {
  it('0 with --help, which documents every exit code; 0 with --version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]) {
      expect(help.stdout).toMatch(new RegExp(`^ +${code}  \\S`, 'm'));
    }
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('2 for an unknown command or option', async () => {
    const [command, option] = await Promise.all([
      runCli(['cancle'], { env }),
      runCli(['list', '--newest'], { env }),
    ]);
    expect([command.code, option.code]).toEqual([2, 2]);
    expect(command.stderr).toContain("unknown command 'cancle'");
    expect(option.stderr).toContain("unknown option '--newest'");
  });

  it("2 for the API's 400, with its issues printed readably", async () => {
    const run = await runCli(['list', '--cursor', 'not-a-cursor'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // The API's own words for the issue are its business; their layout is the CLI's.
    const [head, ...issues] = run.stderr.trimEnd().split('\n');
    expect(head).toMatch(/^cancelq: the API refused the request \(validation_error\): cursor: \S/);
    expect(issues).toEqual([expect.stringMatching(/^ {2}cursor: \S/)]);
  });

  it.each(COMMANDS)('5 for a wrong token (%s), which is never printed', async (_name, args) => {
    const secret = 'wrong-token-4a1f7c';
    const run = await runCli(args, { env: cliEnv(api.url, secret) });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('unauthorized');
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('5 for a missing token, without a request; --token overrides the environment', async () => {
    const missing = await runCli(['list'], { env: { CANCELQ_URL: api.url } });
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('CANCELQ_API_TOKEN');
    const flag = await runCli(['list', '--token', API_TOKEN], {
      env: cliEnv(api.url, 'stale-token'),
    });
    expect(flag.code).toBe(0);
    expect(flag.stdout + flag.stderr).not.toContain(API_TOKEN);
  });

  it('6 for an unknown id, with and without --watch', async () => {
    for (const args of [
      ['status', uuid(404)],
      ['status', uuid(404), '--watch'],
    ]) {
      const run = await runCli(args, { env });
      expect(run.code).toBe(6);
      expect(run.stderr).toBe(`cancelq: no cancellation "${uuid(404)}"\n`);
    }
  });

  it.each(COMMANDS)('8 when nothing listens at the URL (%s)', async (_name, args) => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(args, { env: cliEnv(url, API_TOKEN) });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(`cannot reach the API at ${url}`);
    expect(run.stderr).toContain('ECONNREFUSED');
  });

  it('--url overrides CANCELQ_URL; a URL that is not http(s) is a usage error', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const ok = await runCli(['list', '--url', api.url], { env: cliEnv(closed, API_TOKEN) });
    expect(ok.code).toBe(0);
    const bad = await runCli(['list'], { env: cliEnv('ftp://example', API_TOKEN) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CANCELQ_URL');
  });
});

describe('exit codes against APIs in trouble', () => {
  let privateRedis: PrivateRedis;
  let unavailable: TestApi;
  let stub: Server;
  let stubUrl: string;
  /** What the stub does with the next request. */
  let behaviour: 'hang' | 'crash' | 'garbage' = 'hang';

  beforeAll(async () => {
    // The real API whose Redis has crashed: every /v1 request is a 503.
    privateRedis = await startPrivateRedis();
    unavailable = await startTestApi('unavailable', { redisUrl: privateRedis.url });
    await privateRedis.kill();
    // Failures the real API does not produce on demand: silence, a 500, a 200 of the wrong shape.
    stub = http.createServer((_req, res) => {
      if (behaviour === 'hang') return;
      res.writeHead(behaviour === 'crash' ? 500 : 200, { 'content-type': 'application/json' });
      res.end(behaviour === 'crash' ? '{"error":"internal"}' : '{"surprise":true}');
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await unavailable?.close();
    await privateRedis?.stop();
    stub?.closeAllConnections();
    await new Promise((resolve) => stub?.close(resolve));
  });

  it.each(COMMANDS)('8 for a 503 (%s)', async (_name, args) => {
    const run = await runCli(args, { env: cliEnv(unavailable.url, API_TOKEN) });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('the API is unavailable');
  });

  it('8 when the API does not answer within --timeout', async () => {
    behaviour = 'hang';
    const run = await runCli(['--timeout', '300ms', 'status', uuid(1)], {
      env: cliEnv(stubUrl, API_TOKEN),
    });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('did not answer GET');
  });

  it('1 for a 500, and for an answer that is not the documented shape', async () => {
    behaviour = 'crash';
    const crash = await runCli(['list'], { env: cliEnv(stubUrl, API_TOKEN) });
    expect(crash.code).toBe(1);
    expect(crash.stderr).toContain('HTTP 500');
    behaviour = 'garbage';
    const garbage = await runCli(['list'], { env: cliEnv(stubUrl, API_TOKEN) });
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('not the documented shape');
  });
});
