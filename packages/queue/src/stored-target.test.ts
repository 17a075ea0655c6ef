import { describe, expect, it } from 'vitest';
import { PENDING_TARGET, readStoredTarget, splitRecordHash, targetField } from './stored-target.ts';

const cancellation = {
  id: 'c0ffee00-1111-4222-8333-444455556666',
  createdAt: '2026-12-06T08:00:00.000Z',
};
const at = Date.parse('2026-12-06T08:00:01.250Z');

describe('readStoredTarget', () => {
  it.each([
    [
      'pending as accepted',
      PENDING_TARGET,
      { outcome: 'pending', attempts: 0, detail: null, updated_at: cancellation.createdAt },
    ],
    [
      'settled, nothing else said',
      JSON.stringify(['cancelled', 1, at]),
      { outcome: 'cancelled', attempts: 1, detail: null, updated_at: '2026-12-06T08:00:01.250Z' },
    ],
    [
      'with the provider’s words',
      JSON.stringify(['not_found', 2, at, 'order does not exist']),
      {
        outcome: 'not_found',
        attempts: 2,
        detail: 'order does not exist',
        updated_at: '2026-12-06T08:00:01.250Z',
      },
    ],
    [
      'carried by one of its own jobs (kept as the suffix)',
      JSON.stringify(['cancelled', 1, at, null, '-3']),
      {
        outcome: 'cancelled',
        attempts: 1,
        detail: null,
        updated_at: '2026-12-06T08:00:01.250Z',
        call: `${cancellation.id}-3`,
      },
    ],
    [
      'carried by another cancellation’s call',
      JSON.stringify([
        'pending',
        1,
        at,
        'retrying: HTTP 502',
        '9d1e7b52-aaaa-4bbb-8ccc-ddddeeeeffff-1',
      ]),
      {
        outcome: 'pending',
        attempts: 1,
        detail: 'retrying: HTTP 502',
        updated_at: '2026-12-06T08:00:01.250Z',
        call: '9d1e7b52-aaaa-4bbb-8ccc-ddddeeeeffff-1',
      },
    ],
    [
      'written before the compact form',
      JSON.stringify({
        outcome: 'failed',
        attempts: 8,
        detail: 'HTTP 503 after 8 attempts',
        updated_at: '2026-11-30T12:00:00.000Z',
        call: 'legacy-job-2',
      }),
      {
        outcome: 'failed',
        attempts: 8,
        detail: 'HTTP 503 after 8 attempts',
        updated_at: '2026-11-30T12:00:00.000Z',
        call: 'legacy-job-2',
      },
    ],
  ])('%s', (_, raw, expected) => {
    expect(readStoredTarget(raw, cancellation)).toEqual(expected);
  });
});

describe('splitRecordHash', () => {
  it('tells a record’s own fields from its targets, whatever the targets are named', () => {
    const hash = {
      provider: 'hypertrack',
      state: 'queued',
      [targetField('state')]: PENDING_TARGET,
      [targetField('#7')]: '["cancelled",1,1796591198554]',
    };
    expect(splitRecordHash(hash)).toEqual({
      fields: { provider: 'hypertrack', state: 'queued' },
      targets: { state: PENDING_TARGET, '#7': '["cancelled",1,1796591198554]' },
    });
  });

  it('adds the targets a record written before keeps in a hash of their own', () => {
    const hash = { provider: 'planet', [targetField('named-later')]: PENDING_TARGET };
    expect(splitRecordHash(hash, { a: PENDING_TARGET }).targets).toEqual({
      a: PENDING_TARGET,
      'named-later': PENDING_TARGET,
    });
  });
});
