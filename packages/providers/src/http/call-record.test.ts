import { describe, expect, it } from 'vitest';
import { formatCallRecord, type CallRecord } from './call-record.ts';

const call = (path: string, ids: string[], status: number | null = 200): CallRecord => ({
  method: 'POST',
  path,
  status,
  latencyMs: 7.25,
  ids,
  ...(status === null ? { error: 'timed out' } : {}),
});

describe('formatCallRecord', () => {
  it.each([
    ['/orders/v2/a7f0', ['a7f0'], 'POST /orders/v2/a7f0 → HTTP 200 in 7.3ms'],
    [
      '/orders/sim%2Forder/cancel',
      ['sim/order'],
      'POST /orders/sim%2Forder/cancel → HTTP 200 in 7.3ms',
    ],
    // An id that is only part of a segment is still named: "3" is not the order of /v3/.
    ['/api/v3/orders/cancel', ['3'], 'POST /api/v3/orders/cancel → HTTP 200 in 7.3ms ids=[3]'],
    ['/bulk/cancel', ['a', 'b'], 'POST /bulk/cancel → HTTP 200 in 7.3ms ids=[a,b]'],
    [
      '/bulk/cancel',
      ['1', '2', '3', '4', '5', '6'],
      'POST /bulk/cancel → HTTP 200 in 7.3ms ids=[1,2,3,4,5,… (6)]',
    ],
  ])('%s with %j', (path, ids, line) => {
    expect(formatCallRecord(call(path, ids))).toBe(line);
  });

  it('names what went wrong when there was no answer', () => {
    expect(formatCallRecord(call('/orders/x', ['y'], null))).toBe(
      'POST /orders/x → timed out in 7.3ms ids=[y]',
    );
  });
});
