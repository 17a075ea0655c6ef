import { describe, expect, it } from 'vitest';
import { ProviderError } from '@cancelq/providers';
import {
  CLOCK_MARGIN_MS,
  cancelledInWindow,
  cancelledQuery,
  countUnknown,
  lostAnswerWindow,
} from './lost-answer.ts';
import { listCancelledJob } from '@cancelq/queue';

const at = (iso: string) => Date.parse(iso);

describe('lostAnswerWindow', () => {
  it('spans the first send to the last answer, widened by the clock margin on each side', () => {
    const window = lostAnswerWindow('2026-01-01T00:01:00.000Z', at('2026-01-01T00:02:00.000Z'));
    expect(at(window.since)).toBe(at('2026-01-01T00:01:00.000Z') - CLOCK_MARGIN_MS);
    expect(at(window.until)).toBe(at('2026-01-01T00:02:00.000Z') + CLOCK_MARGIN_MS);
  });

  it('refuses a send time that is not an instant', () => {
    expect(() => lostAnswerWindow('soon', 0)).toThrow(RangeError);
  });
});

describe('cancelledQuery', () => {
  it('asks Planet for cancelled orders modified inside the window', () => {
    const query = cancelledQuery({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-01-01T00:05:00.000Z',
    });
    const params = new URLSearchParams(query);
    expect(params.get('state')).toBe('cancelled');
    expect(params.get('last_modified')).toBe('2026-01-01T00:00:00.000Z/2026-01-01T00:05:00.000Z');
  });
});

describe('cancelledInWindow', () => {
  const window = { since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T00:05:00.000Z' };
  const order = (id: string, state: string, lastModified: string) => ({ id, state, lastModified });

  it('keeps cancelled orders inside the window, bounds included', () => {
    const ids = cancelledInWindow(
      [
        order('start', 'cancelled', window.since),
        order('inside', 'cancelled', '2026-01-01T00:02:00Z'),
        order('end', 'cancelled', window.until),
      ],
      window,
    );
    expect(ids).toEqual(['start', 'inside', 'end']);
  });

  it('drops what a server that ignored a filter might send: other states, other times', () => {
    const ids = cancelledInWindow(
      [
        order('running', 'running', '2026-01-01T00:02:00Z'),
        order('before', 'cancelled', '2025-12-31T23:59:59.999Z'),
        order('after', 'cancelled', '2026-01-01T00:05:00.001Z'),
        order('garbled', 'cancelled', 'yesterday'),
      ],
      window,
    );
    expect(ids).toEqual([]);
  });
});

describe('countUnknown', () => {
  it('keeps the retry decision, status and Retry-After, and says the count is unknown', () => {
    const error = new ProviderError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 900 });
    const wrapped = countUnknown(error, 'why') as ProviderError;
    expect(wrapped).toBeInstanceOf(ProviderError);
    expect(wrapped).toMatchObject({ retry: 'throttled', status: 429, retryAfterMs: 900 });
    expect(wrapped.message).toBe('cancelled count unknown (why): HTTP 429');
  });

  it('leaves a bug of ours as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(countUnknown(bug, 'why')).toBe(bug);
  });
});

describe('listCancelledJob', () => {
  const window = { since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T00:05:00.000Z' };

  it('plans one page per job, behind every cancel, with a deterministic id', () => {
    expect(listCancelledJob('c1', window)).toMatchObject({
      jobId: 'c1-lost-1',
      priority: 10,
      data: { kind: 'planet.list_cancelled', cancellationId: 'c1', page: 1, ...window },
    });
    const next = listCancelledJob('c1', window, 2, 'page_marker=9');
    expect(next).toMatchObject({
      jobId: 'c1-lost-2',
      data: { page: 2, pageQuery: 'page_marker=9' },
    });
  });
});
