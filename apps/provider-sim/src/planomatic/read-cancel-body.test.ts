import { describe, expect, it } from 'vitest';
import { readCancelBody } from './read-cancel-body.ts';

const valid = { cancelation_reason: 'duplicate_order', notes: 'n' };

describe('readCancelBody', () => {
  it('prefers request_id and ignores order_id entirely', () => {
    expect(readCancelBody({ ...valid, order_id: [], request_id: 'r' })).toMatchObject({
      ref: { attr: 'request_id', id: 'r' },
      errors: [],
    });
    expect(readCancelBody({ ...valid, order_id: 5, request_id: null }).ref).toEqual({
      attr: 'order_id',
      id: '5',
    });
  });

  it('counts notes in code points: 255 astral characters fit, 256 do not', () => {
    const astral = '𝄞'; // two UTF-16 units
    expect(readCancelBody({ ...valid, order_id: '1', notes: astral.repeat(255) }).errors).toEqual(
      [],
    );
    expect(readCancelBody({ ...valid, order_id: '1', notes: astral.repeat(256) }).errors).toEqual([
      { attr: 'notes', message: 'too_long' },
    ]);
  });

  it('collects every error in field order', () => {
    expect(readCancelBody({ notes: 3 }).errors).toEqual([
      { attr: 'order_id', message: 'missing' },
      { attr: 'cancelation_reason', message: 'missing' },
      { attr: 'notes', message: 'unrecognized' },
    ]);
  });
});
