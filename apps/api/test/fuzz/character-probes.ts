/** Hostile characters in a value: control characters, and unicode traps in ids. */
import fc from 'fast-check';
import { posted, postJson, type Mutant, type Probe } from './probe.ts';
import {
  coinw,
  hypertrack,
  planetIds,
  planomatic,
  validBody,
  validEntry,
  withField,
  type Entry,
} from './valid-entries.ts';

// Everything C0 but the JSON whitespace (tab, line feed, carriage return), DEL, and C1.
const controlChar = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x08 }),
    fc.integer({ min: 0x0b, max: 0x0c }),
    fc.integer({ min: 0x0e, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
  )
  .map((code) => String.fromCharCode(code));

function insertAt(text: string, position: number, inserted: string): string {
  const at = position % (text.length + 1);
  return `${text.slice(0, at)}${inserted}${text.slice(at)}`;
}

/** An id-like field of a valid entry (where the contract allows no control character). */
const idField = fc.oneof(
  hypertrack.map((entry) => ({
    entry,
    field: 'order_handle',
    value: entry.order_handle,
  })),
  planomatic.map((entry) => ({ entry, field: 'order_id', value: entry.order_id })),
  planomatic.map((entry) => ({ entry, field: 'notes', value: entry.notes })),
  planetIds.map((entry) => ({
    entry,
    field: 'order_ids.0',
    value: entry.order_ids[0],
  })),
  coinw.map((entry) => ({
    entry,
    field: 'source_ids.0',
    value: entry.source_ids[0],
  })),
  validEntry.map((entry) => ({ entry, field: 'provider', value: entry.provider })),
);

function setPath(entry: Entry, path: string, value: string): string {
  const [field, index] = path.split('.') as [string, string | undefined];
  if (index === undefined) return withField(entry, field, value);
  const list = [...(entry[field] as unknown[])];
  list[Number(index)] = value;
  return withField(entry, field, list);
}

/**
 * Control characters: escaped inside an id or the notes (the contract refuses both), or raw
 * anywhere in the JSON text. A raw one is either outside a string (not JSON) or inside one:
 * C0 there is not JSON either, and C1 lands in a key (unknown), an id or enum (refused) or the
 * notes (refused); never in a place where the request would stay valid.
 */
export const controls: fc.Arbitrary<Probe> = fc.oneof(
  posted(
    'control character in a value',
    fc.tuple(idField, controlChar, fc.nat()).map(([{ entry, field, value }, char, at]): Mutant => ({
      text: setPath(entry, field, insertAt(String(value), at, char)),
      at: field,
    })),
  ),
  fc
    .tuple(validBody, controlChar, fc.nat())
    .map(([{ path, text }, char, at]) =>
      postJson('raw control character', path, insertAt(text, at, char)),
    ),
);

// Characters that look like, or hide inside, an ASCII id: full-width and other digits and hex
// letters, Cyrillic and Greek look-alikes, zero-width and bidi marks, a BOM, line separators,
// combining marks, an emoji, and lone surrogates.
const UNICODE_TRAPS = [
  '０',
  '９',
  'ａ',
  'Ｆ',
  '٣',
  '۷',
  '९',
  '১',
  '𝟎',
  '𝟗',
  '²',
  '⁴',
  '½',
  'а',
  'е',
  'с',
  'ο',
  'Ι',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u2066',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u0301',
  'é',
  'é',
  '🛑',
  '👩‍💻',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
];
const unicodeTrap = fc.constantFrom(...UNICODE_TRAPS);
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800');

/**
 * Unicode edge cases in ids. UUIDs, CoinW ids and enum values are ASCII by contract, so any
 * of the traps makes them wrong (inserted, or replacing a character). Free-form ids (handles,
 * order and request ids) may hold any character, so for them only what is no character at all
 * (a lone surrogate) or too many characters (> 255 code points, e.g. 256 emoji, which are 512
 * UTF-16 units) is wrong.
 */
export const unicodeIds: fc.Arbitrary<Probe> = posted(
  'unicode in an id',
  fc.oneof(
    fc
      .tuple(
        fc.oneof(
          planetIds.map((e) => ({
            entry: e,
            field: 'order_ids.0',
            value: e.order_ids[0],
          })),
          coinw.map((e) => ({ entry: e, field: 'source_ids.0', value: e.source_ids[0] })),
          validEntry.map((entry) => ({ entry, field: 'provider', value: entry.provider })),
          planomatic.map((e) => ({
            entry: e,
            field: 'cancelation_reason',
            value: e.cancelation_reason,
          })),
        ),
        unicodeTrap,
        fc.nat(),
        fc.boolean(),
      )
      .map(([{ entry, field, value }, trap, at, replace]): Mutant => {
        const text = String(value);
        const i = at % text.length;
        const mutated = replace
          ? `${text.slice(0, i)}${trap}${text.slice(i + 1)}`
          : insertAt(text, at, trap);
        return { text: setPath(entry, field, mutated), at: field };
      }),
    fc
      .tuple(
        idField.filter(({ field }) => ['order_handle', 'order_id', 'notes'].includes(field)),
        loneSurrogate,
        fc.nat(),
      )
      .map(([{ entry, field, value }, surrogate, at]): Mutant => ({
        text: setPath(entry, field, insertAt(String(value), at, surrogate)),
        at: field,
      })),
    fc
      .tuple(
        idField.filter(({ field }) => ['order_handle', 'order_id'].includes(field)),
        fc.integer({ min: 256, max: 400 }),
        fc.constantFrom('🛑', '𝟎', 'é', '\u0301'),
      )
      .map(([{ entry, field }, n, unit]): Mutant => ({
        text: setPath(entry, field, unit.repeat(n)),
        at: field,
      })),
  ),
);
