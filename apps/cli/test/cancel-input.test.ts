/** `cancelq cancel` input: ids from stdin and files; bad input refused before anything is sent. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuid } from './test-api.ts';
import { runCli } from './run-cli.ts';
import { acceptedBy, api, env, useCancelApi } from './cancel-api.ts';

useCancelApi('cancel-input');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cancelq-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ids from stdin and files', () => {
  const many = Array.from({ length: 2_500 }, (_, i) => uuid(1_000 + i));

  it('- reads thousands of ids from stdin, one per line, blank lines and CRLF ignored', async () => {
    const stdin = `${many.join('\r\n')}\n\n`;
    const record = await acceptedBy(['planet', '-'], stdin);
    expect(record.summary.total).toBe(many.length);
    expect(record.targets.map((t) => t.id)).toEqual(many);
  });

  it('--ids-from - and arguments combine', async () => {
    const record = await acceptedBy(['coinw', '1', '--ids-from', '-'], '2\n3\n');
    expect(record.request).toEqual({ provider: 'coinw', source_ids: ['1', '2', '3'] });
  });

  it('--ids-from <file>', async () => {
    const file = join(dir, 'ids.txt');
    await writeFile(file, `${uuid(5)}\n${uuid(6)}\n`);
    const record = await acceptedBy(['planet', '--ids-from', file]);
    expect(record.targets.map((t) => t.id)).toEqual([uuid(5), uuid(6)]);
  });

  it('an unreadable --ids-from file is a usage error', async () => {
    const run = await runCli(['cancel', 'planet', '--ids-from', join(dir, 'missing')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ENOENT');
  });

  it('empty stdin names the problem', async () => {
    const run = await runCli(['cancel', 'planet', '-'], { env, stdin: '\n\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no ids given/);
  });
});

describe('bad input is refused before anything is sent', () => {
  it.each([
    [
      'a bad UUID among good ones',
      ['planet', uuid(1), 'not-a-uuid'],
      /order_ids\.1 \("not-a-uuid"\): must be a UUID/,
    ],
    [
      'a non-digit CoinW id',
      ['coinw', '12a'],
      /source_ids\.0 \("12a"\): must be a string of 1\.\.32 digits/,
    ],
    [
      'blank PlanOmatic notes',
      ['planomatic', '--order-id', '1', '--reason', 'duplicate_order', '--notes', '  '],
      /notes.*must not be blank/,
    ],
    [
      'PlanOmatic without an id',
      ['planomatic', '--reason', 'duplicate_order', '--notes', 'n'],
      /--order-id or --request-id is required/,
    ],
    [
      'PlanOmatic without --reason',
      ['planomatic', '--order-id', '1', '--notes', 'n'],
      /required option '--reason <reason>'/,
    ],
    [
      'an unknown --reason',
      ['planomatic', '--order-id', '1', '--reason', 'bored', '--notes', 'n'],
      /Allowed choices are duplicate_order, client_requested_cancelation/,
    ],
    ['--all-queued with ids', ['planet', '--all-queued', uuid(1)], /--all-queued takes no ids/],
    ['no ids', ['planet'], /no ids given/],
    ['an unknown --pos-type', ['coinw', '1', '--pos-type', 'market'], /Allowed choices are/],
    ['a negative --type-index', ['hypertrack', 'h', '--type-index', '-1'], /--type-index/],
    [
      'a non-printable idempotency key',
      ['hypertrack', 'h', '--idempotency-key', 'tab\there'],
      /--idempotency-key/,
    ],
    ['an unknown provider', ['acme', '1'], /unknown command 'acme'/],
  ])('%s → exit 2', async (_name, args, message) => {
    const before = await api.recorded();
    const run = await runCli(['cancel', ...args], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(await api.recorded()).toBe(before);
  });
});
