/** Well-formed JSON of the wrong shape: wrong types, deep nesting, prototype-sounding keys. */
import fc from 'fast-check';
import { ACCEPTS, asSent, MAX_BATCH, SHAPE_FIELDS } from './contract-rules.ts';
import { BATCH, posted, postJson, type Mutant, type Probe } from './probe.ts';
import { entryText, objectText, pairsOf, RawJson, validEntry, withField } from './valid-entries.ts';

/** A valid entry and one of its shape's fields (optional ones included). */
const entryAndField = validEntry.chain((entry) =>
  fc
    .constantFrom(...(SHAPE_FIELDS[entry.shape] ?? ['provider']))
    .map((field) => ({ entry, field })),
);

/** Values of the wrong type or out of range, plus number literals JS cannot even hold. */
const oddValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -0.5, 2 ** 53, 1e21, '', ' ', '0'),
  fc.constantFrom<unknown>('true', 'null', [], {}, [null], [1], [''], { 0: 'x' }, [[]], [{}]),
);
const numberLiterals = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '1.0',
  '1E+2',
  '123456789012345678901234567890',
  '0.30000000000000004',
  '1000001',
  '-1',
);

/** Wrong types: one field of a valid request set to a value the contract refuses there. */
export const wrongTypes: fc.Arbitrary<Probe> = fc.oneof(
  {
    weight: 4,
    arbitrary: posted(
      'wrong type',
      fc.oneof(
        entryAndField.chain(({ entry, field }) =>
          oddValues
            .filter((value) => !(ACCEPTS[field] ?? (() => false))(asSent(value)))
            .map((value): Mutant => ({ text: withField(entry, field, value), at: field })),
        ),
        entryAndField.chain(({ entry, field }) =>
          numberLiterals
            .filter((literal) => !(ACCEPTS[field] ?? (() => false))(JSON.parse(literal)))
            .map((literal): Mutant => ({
              text: withField(entry, field, new RawJson(literal)),
              at: field,
            })),
        ),
      ),
    ),
  },
  // The batch wrapper: `cancellations` must be an array of 1..1000 objects; no other key.
  oddValues
    .filter((value) => {
      const sent = asSent(value);
      return (
        !Array.isArray(sent) ||
        sent.length === 0 ||
        sent.length > MAX_BATCH ||
        sent.some((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))
      );
    })
    .map((value) =>
      postJson(
        'wrong type (batch wrapper)',
        BATCH,
        objectText([['cancellations', value]]),
        'cancellations',
      ),
    ),
  fc
    .tuple(validEntry, fc.string({ minLength: 1, maxLength: 12 }), oddValues)
    .filter(([, key]) => key !== 'cancellations')
    .map(([entry, key, value]) =>
      postJson(
        'unknown key (batch wrapper)',
        BATCH,
        objectText([
          ['cancellations', [JSON.parse(entryText(entry))]],
          [key, value],
        ]),
        '',
      ),
    ),
);

/** Nested arrays or objects `depth` levels deep, as JSON text (JSON.stringify would recurse). */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

/** Deep nesting, up to 100,000 levels: as a field's value, an unknown key's, or the body. */
export const deep: fc.Arbitrary<Probe> = posted(
  'deep nesting',
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1_000, max: 100_000 })),
      fc.constantFrom<'array' | 'object'>('array', 'object'),
      fc.option(entryAndField, { nil: undefined }),
    )
    .map(([depth, kind, target]): Mutant => {
      const value = new RawJson(nested(depth, kind));
      if (target === undefined) return { text: value.text, at: '' };
      return { text: withField(target.entry, target.field, value), at: target.field };
    }),
);

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
];
const protoKey = fc.constantFrom(...PROTO_KEYS);
const protoValue = fc.oneof(
  oddValues,
  validEntry.map((entry) => new RawJson(entryText(entry))),
  fc.constantFrom(
    new RawJson('{"polluted":true}'),
    new RawJson('{"prototype":{"polluted":true}}'),
    new RawJson('{"__proto__":{"polluted":true}}'),
    new RawJson('{"provider":"planet","all_queued":true}'),
  ),
);

/**
 * `__proto__`, `constructor` and friends: as an extra key of a request (unknown, so refused),
 * as the only key holding a whole valid request, as the value of an enum field, or as an extra
 * key of a batch wrapper.
 */
export const protoKeys: fc.Arbitrary<Probe> = fc.oneof(
  {
    weight: 3,
    arbitrary: posted(
      'prototype key',
      fc.oneof(
        fc
          .tuple(validEntry, protoKey, protoValue, fc.nat())
          .map(([entry, key, value, at]): Mutant => {
            const pairs = pairsOf(entry);
            pairs.splice(at % (pairs.length + 1), 0, [key, value]);
            return { text: objectText(pairs), at: '' };
          }),
        fc.tuple(validEntry, protoKey).map(([entry, key]): Mutant => ({
          text: objectText([[key, new RawJson(entryText(entry))]]),
          at: '',
        })),
        fc
          .tuple(entryAndField, protoKey)
          .filter(([{ field }, key]) => !(ACCEPTS[field] ?? (() => false))(key))
          .map(([{ entry, field }, key]): Mutant => ({
            text: withField(entry, field, key),
            at: field,
          })),
      ),
    ),
  },
  fc.tuple(validEntry, protoKey, protoValue).map(([entry, key, value]) =>
    postJson(
      'prototype key (batch wrapper)',
      BATCH,
      objectText([
        [key, value],
        ['cancellations', new RawJson(`[${entryText(entry)}]`)],
      ]),
      '',
    ),
  ),
);
