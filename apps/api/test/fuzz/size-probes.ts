/** Strings, id lists, batches and unknown keys past the contract's maxima, most under 1 MiB. */
import fc from 'fast-check';
import { MAX_BATCH, MAX_IDS } from './contract-rules.ts';
import { BATCH, posted, postJson, type Mutant, type Probe } from './probe.ts';
import {
  coinw,
  entryText,
  hypertrack,
  objectText,
  pairsOf,
  planetIds,
  planomatic,
  validEntry,
  withField,
} from './valid-entries.ts';

const pad = (n: number, unit: string) => unit.repeat(n);
const textFields = fc.constantFrom('order_id', 'request_id', 'notes');

/** Huge strings and arrays: past the contract's maxima, most still under 1 MiB. */
export const huge: fc.Arbitrary<Probe> = fc.oneof(
  {
    weight: 4,
    arbitrary: posted(
      'huge',
      fc.oneof(
        // Text past 255 characters: ASCII, astral (2 UTF-16 units each), or combining marks.
        fc
          .tuple(
            fc.oneof(
              hypertrack.map((entry) => ({ entry, field: 'order_handle' })),
              fc.tuple(planomatic, textFields).map(([entry, field]) => ({ entry, field })),
            ),
            fc.integer({ min: 256, max: 400_000 }),
            fc.constantFrom('x', '🛑', '\u0301'),
          )
          .map(([{ entry, field }, n, unit]): Mutant => ({
            text: withField(
              entry,
              field,
              unit === '\u0301' ? `a${pad(n - 1, unit)}` : pad(n, unit),
            ),
            at: field,
          })),
        // More ids than 10,000, or an id past 32 digits.
        fc
          .tuple(planetIds, fc.integer({ min: MAX_IDS + 1, max: MAX_IDS + 50 }))
          .map(([entry, n]): Mutant => ({
            text: withField(
              entry,
              'order_ids',
              Array.from({ length: n }, (_, i) => uuidOf(i)),
            ),
            at: 'order_ids',
          })),
        fc
          .tuple(coinw, fc.integer({ min: MAX_IDS + 1, max: MAX_IDS + 50 }))
          .map(([entry, n]): Mutant => ({
            text: withField(
              entry,
              'source_ids',
              Array.from({ length: n }, (_, i) => String(i + 1)),
            ),
            at: 'source_ids',
          })),
        fc.tuple(coinw, fc.integer({ min: 33, max: 500_000 })).map(([entry, n]): Mutant => ({
          text: withField(entry, 'source_ids', ['1', pad(n, '7')]),
          at: 'source_ids.1',
        })),
        // Unknown keys: one with a huge value, or thousands of them.
        fc
          .tuple(validEntry, fc.integer({ min: 1, max: 500_000 }))
          .map(([entry, n]): Mutant => ({ text: withField(entry, 'pad', pad(n, 'p')), at: '' })),
        fc.tuple(validEntry, fc.integer({ min: 1, max: 20_000 })).map(([entry, n]): Mutant => {
          const extra = Array.from({ length: n }, (_, i): [string, unknown] => [`k${i}`, i]);
          return { text: objectText([...pairsOf(entry), ...extra]), at: '' };
        }),
      ),
    ),
  },
  // More than 1,000 entries in a batch.
  fc
    .tuple(validEntry, fc.integer({ min: MAX_BATCH + 1, max: MAX_BATCH + 100 }))
    .map(([entry, n]) =>
      postJson(
        'huge batch',
        BATCH,
        `{"cancellations":[${Array.from({ length: n }, () => entryText(entry)).join(',')}]}`,
        'cancellations',
      ),
    ),
);

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
