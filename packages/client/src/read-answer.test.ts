import { describe, expect, it } from 'vitest';
import { acceptedReader, cancellationReader, pageReader } from './answers.ts';
import { CancelqUnexpectedAnswerError } from './errors.ts';
import { readAnswer, withDefaultAccount } from './read-answer.ts';

const summary = { total: 1, cancelled: 0, not_cancellable: 0, not_found: 0, failed: 0, pending: 1 };
const record = {
  id: 'c-1',
  provider: 'planet',
  account: 'default',
  state: 'queued',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
  completed_at: null,
  request: { provider: 'planet', order_ids: ['x'] },
  summary,
  targets: [
    { id: 'x', outcome: 'pending', attempts: 0, detail: null, updated_at: '2025-01-01T00:00:00Z' },
  ],
};

function answer(body: unknown) {
  return { method: 'GET', url: 'http://api/v1/cancellations/c-1', status: 200, body };
}

describe('readAnswer', () => {
  it('returns the body itself: nothing dropped, nothing reordered', () => {
    const body = structuredClone(record);
    expect(readAnswer(cancellationReader, answer(body))).toBe(body);
  });

  it('a newer API: unknown fields everywhere, and a provider this client has never heard of', () => {
    const newer = {
      priority: 'high',
      ...record,
      provider: 'acme',
      summary: { ...summary, retrying: 0 },
      targets: [{ ...record.targets[0], call: 'job-1', region: 'eu' }],
    };
    const read = readAnswer(cancellationReader, answer(newer));
    expect(Object.keys(read)[0]).toBe('priority');
    expect(read.provider).toBe('acme');
    expect(read.targets[0]?.region).toBe('eu');
  });

  it('refuses what is not the documented shape, saying where', () => {
    const broken = { ...record, state: 'done', summary: { ...summary, cancelled: '0' } };
    let error: unknown;
    try {
      readAnswer(cancellationReader, answer(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CancelqUnexpectedAnswerError);
    expect((error as CancelqUnexpectedAnswerError).issues.map((i) => i.path).sort()).toEqual([
      'state',
      'summary.cancelled',
    ]);
    expect(() => readAnswer(pageReader, answer(undefined))).toThrow(/not the documented shape/);
  });

  it('a replayed key whose cancellation expired: provider and account null', () => {
    const expired = {
      id: 'c-1',
      provider: null,
      account: null,
      state: 'completed',
      total: null,
      links: { self: '/v1/cancellations/c-1' },
    };
    expect(readAnswer(acceptedReader, answer(expired))).toBe(expired);
  });
});

describe('withDefaultAccount', () => {
  it('an API older than accounts: the default account, as everything there was', () => {
    const { account: _, ...older } = record;
    withDefaultAccount(older);
    expect(readAnswer(cancellationReader, answer(older)).account).toBe('default');
  });

  it('never overwrites an account, not even null', () => {
    const replayed: Record<string, unknown> = { account: null };
    withDefaultAccount(replayed);
    expect(replayed.account).toBeNull();
  });
});
