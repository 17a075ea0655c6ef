/** Validation of PlanOmatic, CoinW and HyperTrack bodies field by field, and of lone surrogates. */
import { describe, expect, it } from 'vitest';
import { expectNoNewWork, issuePaths } from './harness.ts';
import { useValidationApi } from './validation-fixture.ts';

const { api, expectRejected, expectAccepted } = useValidationApi('validation');

describe('planomatic', () => {
  const valid = {
    provider: 'planomatic',
    order_id: '654321',
    cancelation_reason: 'duplicate_order',
    notes: 'We accidentally sent a duplicate order.',
  };

  it.each([
    ['order_id', valid],
    ['request_id', { ...valid, order_id: undefined, request_id: 'req-9' }],
    ['both order_id and request_id', { ...valid, request_id: 'req-9' }],
    [
      'client_requested_cancelation',
      { ...valid, cancelation_reason: 'client_requested_cancelation' },
    ],
    ['255 ASCII characters of notes', { ...valid, notes: 'n'.repeat(255) }],
    ['255 emoji of notes (code points, not UTF-16 units)', { ...valid, notes: '🛑'.repeat(255) }],
    ['255-character ids', { ...valid, order_id: 'o'.repeat(255), request_id: 'r'.repeat(255) }],
  ])('validates with %s, is accepted', async (_name, body) => {
    await expectAccepted(body);
  });

  it.each([
    ['neither order_id nor request_id', { ...valid, order_id: undefined }, 'order_id'],
    ['an empty order_id', { ...valid, order_id: '' }, 'order_id'],
    ['a 256-character order_id', { ...valid, order_id: 'o'.repeat(256) }, 'order_id'],
    ['a numeric order_id', { ...valid, order_id: 654321 }, 'order_id'],
    ['an empty request_id', { ...valid, request_id: '' }, 'request_id'],
    ['a 256-character request_id', { ...valid, request_id: 'r'.repeat(256) }, 'request_id'],
    ['no cancelation_reason', { ...valid, cancelation_reason: undefined }, 'cancelation_reason'],
    ['an unknown reason', { ...valid, cancelation_reason: 'changed_mind' }, 'cancelation_reason'],
    ['no notes', { ...valid, notes: undefined }, 'notes'],
    ['empty notes', { ...valid, notes: '' }, 'notes'],
    ['blank notes', { ...valid, notes: '    ' }, 'notes'],
    ['256 ASCII characters of notes', { ...valid, notes: 'n'.repeat(256) }, 'notes'],
    ['256 emoji of notes', { ...valid, notes: '🛑'.repeat(256) }, 'notes'],
    ['notes that are not a string', { ...valid, notes: ['a'] }, 'notes'],
    ['an unknown field', { ...valid, order_ids: ['654321'] }, ''],
  ])('%s → 400', async (_name, body, path) => {
    await expectRejected(body, path);
  });

  // Notes are free text: line breaks and tabs are fine; other control characters are not.
  it('accepts notes with a line break', async () => {
    await expectAccepted({ ...valid, notes: 'Duplicate order.\nSee ticket 123.' });
  });
});

describe('coinw', () => {
  const valid = { provider: 'coinw', source_ids: ['33308750270880236'] };

  it.each<[string, unknown]>([
    ['one id', valid],
    ['32 digits', { ...valid, source_ids: ['9'.repeat(32)] }],
    ['duplicates', { ...valid, source_ids: ['1', '1', '2'] }],
    ['10000 ids', { ...valid, source_ids: Array.from({ length: 10_000 }, (_, i) => String(i)) }],
    ...['execute', 'plan', 'moveStop', 'stopProfitLoss'].map((posType): [string, unknown] => [
      `pos_type ${posType}`,
      { ...valid, pos_type: posType },
    ]),
  ])('validates with %s, is accepted', async (_name, body) => {
    await expectAccepted(body);
  });

  it.each([
    ['33 digits', '9'.repeat(33), 'source_ids.1'],
    ['letters', '12a', 'source_ids.1'],
    ['a sign', '-1', 'source_ids.1'],
    ['a space', ' 1', 'source_ids.1'],
    ['a decimal point', '1.5', 'source_ids.1'],
    ['non-ASCII digits', '１２', 'source_ids.1'],
    ['empty', '', 'source_ids.1'],
    ['a number, not a string', 12, 'source_ids.1'],
  ])('an id with %s → 400 at its index', async (_name, bad, path) => {
    await expectRejected({ ...valid, source_ids: ['1', bad] }, path);
  });

  it.each([
    ['no source_ids', { provider: 'coinw' }, 'source_ids'],
    ['empty source_ids', { ...valid, source_ids: [] }, 'source_ids'],
    [
      '10001 source_ids',
      { ...valid, source_ids: Array.from({ length: 10_001 }, (_, i) => String(i)) },
      'source_ids',
    ],
    ['an unknown pos_type', { ...valid, pos_type: 'market' }, 'pos_type'],
    ['an unknown field', { ...valid, symbol: 'BTC' }, ''],
  ])('%s → 400', async (_name, body, path) => {
    await expectRejected(body, path);
  });
});

describe('hypertrack', () => {
  const valid = { provider: 'hypertrack', order_handle: 'order-1' };

  it.each([
    ['only order_handle', valid],
    ['every optional field', { ...valid, type: 'drop', type_index: 0, fulfillment_attempt: 0 }],
    [
      'type pick and larger ints',
      { ...valid, type: 'pick', type_index: 3, fulfillment_attempt: 2 },
    ],
    ['a 255-character handle', { ...valid, order_handle: 'h'.repeat(255) }],
  ])('validates with %s, is accepted', async (_name, body) => {
    await expectAccepted(body);
  });

  it.each([
    ['no order_handle', { provider: 'hypertrack' }, 'order_handle'],
    ['an empty order_handle', { ...valid, order_handle: '' }, 'order_handle'],
    ['a 256-character order_handle', { ...valid, order_handle: 'h'.repeat(256) }, 'order_handle'],
    ['an unknown type', { ...valid, type: 'deliver' }, 'type'],
    ['a negative type_index', { ...valid, type_index: -1 }, 'type_index'],
    ['a fractional type_index', { ...valid, type_index: 1.5 }, 'type_index'],
    ['a string type_index', { ...valid, type_index: '0' }, 'type_index'],
    [
      'a negative fulfillment_attempt',
      { ...valid, fulfillment_attempt: -1 },
      'fulfillment_attempt',
    ],
    [
      'a fractional fulfillment_attempt',
      { ...valid, fulfillment_attempt: 0.5 },
      'fulfillment_attempt',
    ],
    ['an unknown field', { ...valid, order_id: 'x' }, ''],
  ])('%s → 400', async (_name, body, path) => {
    await expectRejected(body, path);
  });
});

// JSON can spell a lone surrogate (`"\ud800"`): no character, so UTF-8 (Redis, provider URLs)
// cannot carry it. A surrogate pair (an emoji) is one well-formed character and stays valid.
describe('lone surrogates', () => {
  const planomatic = {
    provider: 'planomatic',
    order_id: '654321',
    cancelation_reason: 'duplicate_order',
    notes: 'Duplicate.',
  };

  it.each([
    ['order_handle', { provider: 'hypertrack', order_handle: 'order-\ud800' }, 'order_handle'],
    [
      'a trailing low surrogate',
      { provider: 'hypertrack', order_handle: 'a\udfff' },
      'order_handle',
    ],
    ['order_id', { ...planomatic, order_id: '\ud83d' }, 'order_id'],
    ['request_id', { ...planomatic, request_id: 'r\udc00\ud800' }, 'request_id'],
    ['notes', { ...planomatic, notes: 'Duplicate \ud800 order.' }, 'notes'],
  ])('in %s → 400 at the field', async (_name, body, path) => {
    await expectRejected(body, path);
  });

  it('in a batch entry → 400 naming the entry, nothing enqueued for its valid siblings', async () => {
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(
        await api.post('/v1/cancellations/batch', {
          cancellations: [
            { provider: 'hypertrack', order_handle: 'fine' },
            { provider: 'hypertrack', order_handle: '\ud800' },
          ],
        }),
      ),
    );
    expect(paths).toEqual(['cancellations.1.order_handle']);
  });

  it('a surrogate pair (an emoji) is a character and is accepted', async () => {
    await expectAccepted({ provider: 'hypertrack', order_handle: 'order-🛑' });
  });
});
