/** `cancelq cancel <provider>`: a request per provider; --json, --account, --idempotency-key. */
import { describe, expect, it } from 'vitest';
import { uuid } from './test-api.ts';
import { runCli } from './run-cli.ts';
import { ACCEPTED, acceptedBy, env, jobCount, recordOf, useCancelApi } from './cancel-api.ts';

useCancelApi('cancel');

describe('cancelq cancel <provider>', () => {
  it('planet: ids as arguments become one cancellation and its jobs', async () => {
    const before = await jobCount('planet');
    const record = await acceptedBy(['planet', uuid(1), uuid(2)]);
    expect(record).toMatchObject({
      provider: 'planet',
      state: 'queued',
      request: { provider: 'planet', order_ids: [uuid(1), uuid(2)] },
      summary: { total: 2, pending: 2 },
    });
    expect(await jobCount('planet')).toBeGreaterThan(before);
  });

  it('planet --all-queued', async () => {
    const record = await acceptedBy(['planet', '--all-queued']);
    expect(record.request).toEqual({ provider: 'planet', all_queued: true });
    expect(record.summary.total).toBeNull();
  });

  it('coinw with --pos-type', async () => {
    const before = await jobCount('coinw');
    const record = await acceptedBy(['coinw', '33308750270880236', '7', '--pos-type', 'plan']);
    expect(record.request).toEqual({
      provider: 'coinw',
      source_ids: ['33308750270880236', '7'],
      pos_type: 'plan',
    });
    expect(await jobCount('coinw')).toBe(before + 1);
  });

  it('planomatic with --order-id, --reason and --notes', async () => {
    const before = await jobCount('planomatic');
    const record = await acceptedBy([
      'planomatic',
      '--order-id',
      '654321',
      '--reason',
      'duplicate_order',
      '--notes',
      'We accidentally sent a duplicate order.',
    ]);
    expect(record.request).toEqual({
      provider: 'planomatic',
      order_id: '654321',
      cancelation_reason: 'duplicate_order',
      notes: 'We accidentally sent a duplicate order.',
    });
    expect(record.targets.map((t) => t.id)).toEqual(['654321']);
    expect(await jobCount('planomatic')).toBe(before + 1);
  });

  it('planomatic with --request-id', async () => {
    const record = await acceptedBy([
      'planomatic',
      '--request-id',
      'req-77',
      '--reason',
      'client_requested_cancelation',
      '--notes',
      'Client asked.',
    ]);
    expect(record.targets.map((t) => t.id)).toEqual(['req-77']);
  });

  it('hypertrack with selectors, sent as numbers', async () => {
    const before = await jobCount('hypertrack');
    const record = await acceptedBy([
      'hypertrack',
      'route/7 stop 3',
      '--type',
      'drop',
      '--type-index',
      '0',
      '--fulfillment-attempt',
      '2',
    ]);
    expect(record.request).toEqual({
      provider: 'hypertrack',
      order_handle: 'route/7 stop 3',
      type: 'drop',
      type_index: 0,
      fulfillment_attempt: 2,
    });
    expect(await jobCount('hypertrack')).toBe(before + 1);
  });
});

describe('--json', () => {
  it('prints the 202 body and nothing else', async () => {
    const run = await runCli(['cancel', 'planet', uuid(9), '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({
      id: body.id,
      provider: 'planet',
      account: 'default',
      state: 'queued',
      total: 1,
      links: { self: `/v1/cancellations/${String(body.id)}` },
    });
    const record = await recordOf(String(body.id));
    expect(record.request).toEqual({ provider: 'planet', order_ids: [uuid(9)] });
  });
});

describe('--account', () => {
  it('cancels with that account, and says so', async () => {
    const run = await runCli(['cancel', 'coinw', '--account', 'desk-a', '42'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\(coinw, account desk-a, 1 target, queued\)/);
    const id = ACCEPTED.exec(run.stdout)?.[1] ?? '';
    const record = await recordOf(id);
    expect(record.account).toBe('desk-a');
    expect(record.request).toEqual({ provider: 'coinw', account: 'desk-a', source_ids: ['42'] });
  });

  it('an account the provider does not have: the API names the ones it has, nothing is enqueued', async () => {
    const before = await jobCount('coinw');
    const run = await runCli(['cancel', 'coinw', '--account', 'desk-z', '42'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('coinw has no account "desk-z"; its accounts: default, desk-a');
    expect(await jobCount('coinw')).toBe(before);
  });

  it('a name no account could have is refused before sending', async () => {
    const run = await runCli(['cancel', 'coinw', '--account', 'Desk A', '42'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing was sent');
  });
});

describe('--idempotency-key', () => {
  it('repeats answer the first cancellation; another body with the key is a conflict', async () => {
    const key = `cli-test-${Date.now()}`;
    const args = ['cancel', 'hypertrack', 'order-k', '--idempotency-key', key, '--json'];
    const first = await runCli(args, { env });
    const again = await runCli(args, { env });
    expect([first.code, again.code]).toEqual([0, 0]);
    const [a, b] = [first, again].map((run) => JSON.parse(run.stdout) as { id: string });
    expect(b?.id).toBe(a?.id);

    const human = await runCli(args.slice(0, -1), { env });
    expect(human.stdout).toContain(`already accepted with this Idempotency-Key: ${a?.id}`);

    const other = await runCli(['cancel', 'hypertrack', 'order-x', '--idempotency-key', key], {
      env,
    });
    expect(other.code).toBe(7);
    expect(other.stdout).toBe('');
    expect(other.stderr).toContain('idempotency_key_reused');
  });
});
