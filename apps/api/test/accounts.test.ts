import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancellationOfJobId } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { BOARD_PASSWORD, BOARD_USER, expectNoNewWork, startApi, type TestApi } from './harness.ts';

const ORDER = '33308750270880236';
const board = `Basic ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`;

// The API is configured with account names only: it never needs a provider credential.
let api: TestApi;
beforeAll(async () => {
  api = await startApi({
    label: 'accounts',
    env: {
      COINW_ACCOUNTS: 'desk-a,desk-b',
      COINW_ACCOUNT_DESK_B_RATE_LIMIT: '5/1s',
      PLANET_ACCOUNTS: 'ops',
    },
  });
});
afterAll(() => api.close());

async function accept(body: unknown) {
  const res = await api.post('/v1/cancellations', body);
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as { id: string; account: string };
}

async function rejected(path: string, body: unknown) {
  const res = await expectNoNewWork(api, () => api.post(path, body));
  expect(res.status).toBe(400);
  return (await res.json()) as {
    error: string;
    message: string;
    issues: { path: string; message: string }[];
  };
}

describe('a request names an account', () => {
  it('runs in that account’s own queue, and every answer names the account', async () => {
    const { id, account } = await accept({
      provider: 'coinw',
      account: 'desk-a',
      source_ids: [ORDER],
    });
    expect(account).toBe('desk-a');
    const jobs = await api.deps.queueOf('coinw', 'desk-a').getJobs(['waiting', 'prioritized']);
    expect(jobs.map((job) => [job.queueName, job.name, cancellationOfJobId(job.id)])).toEqual([
      ['coinw@desk-a', 'coinw@desk-a · shared call 1/1 · 1 id added, up to 20 a call', id],
    ]);
    expect(await api.deps.queues.coinw.getJobCountByTypes('waiting', 'prioritized')).toBe(0);
    // Workers find every queue a request has named, and fail those of a removed account.
    const named = await api.redis.smembers(outcomeKeys(api.prefix).accountQueues);
    expect(named).toContain('coinw@desk-a');

    const stored = (await (await api.get(`/v1/cancellations/${id}`)).json()) as {
      account: string;
      request: { account?: string };
    };
    expect(stored.account).toBe('desk-a');
    expect(stored.request.account).toBe('desk-a');
    const page = (await (await api.get('/v1/cancellations?provider=coinw')).json()) as {
      cancellations: { id: string; account: string }[];
    };
    expect(page.cancellations.find((c) => c.id === id)?.account).toBe('desk-a');
  });

  it('without one, is the default account’s, in the provider’s queue as before accounts', async () => {
    const { id, account } = await accept({ provider: 'coinw', source_ids: [ORDER] });
    expect(account).toBe('default');
    const jobs = await api.deps.queues.coinw.getJobs(['waiting', 'prioritized']);
    expect(jobs.map((job) => cancellationOfJobId(job.id))).toContain(id);
    const stored = (await (await api.get(`/v1/cancellations/${id}`)).json()) as {
      account: string;
    };
    expect(stored.account).toBe('default');
  });

  it('may name `default` outright', async () => {
    const { account } = await accept({ provider: 'planet', account: 'default', all_queued: true });
    expect(account).toBe('default');
  });
});

describe('an account the provider does not have', () => {
  it('is a 400 naming the provider’s configured accounts, and enqueues nothing', async () => {
    const body = await rejected('/v1/cancellations', {
      provider: 'coinw',
      account: 'desk-z',
      source_ids: [ORDER],
    });
    expect(body.error).toBe('validation_error');
    expect(body.issues).toEqual([
      {
        path: 'account',
        message: 'coinw has no account "desk-z"; its accounts: default, desk-a, desk-b',
      },
    ]);
  });

  it('is per provider: another provider’s account is not this one’s', async () => {
    const body = await rejected('/v1/cancellations', {
      provider: 'hypertrack',
      account: 'desk-a',
      order_handle: 'order-1',
    });
    expect(body.issues[0]?.message).toBe(
      'hypertrack has no account "desk-a"; its accounts: default',
    );
  });

  it('in a batch, rejects the whole batch and names the entry', async () => {
    const body = await rejected('/v1/cancellations/batch', {
      cancellations: [
        { provider: 'coinw', account: 'desk-a', source_ids: [ORDER] },
        { provider: 'planet', account: 'desk-a', all_queued: true },
      ],
    });
    expect(body.issues.map((issue) => issue.path)).toEqual(['cancellations.1.account']);
    expect(body.issues[0]?.message).toContain('its accounts: default, ops');
  });

  it.each([['Desk-A'], ['desk_a'], ['-desk'], ['a'.repeat(64)], [''], [7]])(
    'is a 400 for a name no account could have: %j',
    async (name) => {
      const body = await rejected('/v1/cancellations', {
        provider: 'coinw',
        account: name,
        source_ids: [ORDER],
      });
      expect(body.issues.map((issue) => issue.path)).toEqual(['account']);
    },
  );
});

describe('accounts are visible to operators', () => {
  it('Bull Board shows one queue per configured account, with its own pace', async () => {
    const res = await api.fetch('/admin/queues/api/queues?activeQueue=coinw', {
      headers: { authorization: board },
    });
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as {
      queues: { name: string; description: string }[];
    };
    const coinw = queues.filter((q) => q.name.startsWith('coinw'));
    expect(coinw.map((q) => q.name).sort()).toEqual(['coinw', 'coinw@desk-a', 'coinw@desk-b']);
    expect(coinw.find((q) => q.name === 'coinw@desk-b')?.description).toContain(
      'account desk-b · one job per call · paced to 5/1s',
    );
  });

  it('/metrics labels every queue and pace by provider and account', async () => {
    const text = await (await api.fetch('/metrics')).text();
    expect(text).toContain('cancelq_rate_limit_max{provider="coinw",account="desk-b"} 5');
    expect(text).toContain('cancelq_rate_limit_max{provider="coinw",account="desk-a"} 10');
    expect(text).toContain('cancelq_rate_limit_max{provider="planet",account="ops"} 10');
    expect(text).toMatch(
      /cancelq_queue_jobs\{provider="coinw",account="desk-a",state="waiting"\} \d/,
    );
  });
});
