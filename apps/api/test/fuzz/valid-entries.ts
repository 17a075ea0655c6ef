import fc from 'fast-check';
import { POS_TYPES, REASONS } from './contract-rules.ts';

/** A request body as the contract allows it, tagged with its shape (see SHAPE_FIELDS). */
export type Entry = { shape: string } & Record<string, unknown>;

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
const sourceId = fc.stringMatching(/^[1-9][0-9]{0,18}$/);

export const planetIds = fc.record({
  shape: fc.constant('planet-ids'),
  provider: fc.constant('planet'),
  order_ids: fc.array(fc.uuid(), { minLength: 1, maxLength: 3 }),
});
export const planetAll = fc.constant({ shape: 'planet-all', provider: 'planet', all_queued: true });
export const planomatic = fc.record(
  {
    shape: fc.constant('planomatic'),
    provider: fc.constant('planomatic'),
    order_id: id,
    request_id: id,
    cancelation_reason: fc.constantFrom(...REASONS),
    notes: fc.constantFrom('Duplicate order.', 'The client asked.\nTicket 12.', '\tIndented.'),
  },
  { requiredKeys: ['shape', 'provider', 'order_id', 'cancelation_reason', 'notes'] },
);
export const coinw = fc.record(
  {
    shape: fc.constant('coinw'),
    provider: fc.constant('coinw'),
    source_ids: fc.array(sourceId, { minLength: 1, maxLength: 3 }),
    pos_type: fc.constantFrom(...POS_TYPES),
  },
  { requiredKeys: ['shape', 'provider', 'source_ids'] },
);
export const hypertrack = fc.record(
  {
    shape: fc.constant('hypertrack'),
    provider: fc.constant('hypertrack'),
    order_handle: id,
    type: fc.constantFrom('drop', 'pick'),
    type_index: fc.nat(1_000_000),
    fulfillment_attempt: fc.nat(1_000_000),
  },
  { requiredKeys: ['shape', 'provider', 'order_handle'] },
);

/** Any valid cancellation request (the valid siblings of a hostile batch entry). */
export const validEntry: fc.Arbitrary<Entry> = fc.oneof(
  planetIds,
  planetAll,
  planomatic,
  coinw,
  hypertrack,
);

/** Marks a value as JSON text to splice in as is (a `__proto__` key, `1e400`, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON text of an object given as [key, value] pairs, so keys such as `__proto__` (which a JS
 * object literal would turn into a prototype) go on the wire as ordinary keys.
 */
export function objectText(pairs: [string, unknown][]): string {
  const members = pairs.map(
    ([key, value]) =>
      `${JSON.stringify(key)}:${value instanceof RawJson ? value.text : JSON.stringify(value)}`,
  );
  return `{${members.join(',')}}`;
}

export function pairsOf(entry: Entry): [string, unknown][] {
  return Object.entries(entry).filter(([key]) => key !== 'shape');
}

/** The JSON text of a request (without the fuzzer's shape tag). */
export function entryText(entry: Entry): string {
  return objectText(pairsOf(entry));
}

/** `entry` with `field` set (or added) to `value`, keeping the order of the other fields. */
export function withField(entry: Entry, field: string, value: unknown): string {
  const pairs = pairsOf(entry);
  const at = pairs.findIndex(([key]) => key === field);
  if (at >= 0) pairs[at] = [field, value];
  else pairs.push([field, value]);
  return objectText(pairs);
}

/** A valid single body or a valid batch body, as JSON text, with the path it goes to. */
export const validBody = fc.oneof(
  validEntry.map((entry) => ({ path: '/v1/cancellations', text: entryText(entry) })),
  fc.array(validEntry, { minLength: 1, maxLength: 3 }).map((entries) => ({
    path: '/v1/cancellations/batch',
    text: `{"cancellations":[${entries.map(entryText).join(',')}]}`,
  })),
);
