/** Bodies that break before the schema: bytes that are not UTF-8, and JSON that does not parse. */
import fc from 'fast-check';
import {
  BATCH,
  bytesOf,
  expectedForJson,
  JSON_TYPE,
  postJson,
  SINGLE,
  type Probe,
} from './probe.ts';
import { coinw, entryText, planetIds, validBody, type Entry } from './valid-entries.ts';

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x9b],
];

/**
 * Bytes that are not UTF-8, anywhere in a Planet or CoinW body (all ASCII, and every string
 * in it is a key, an enum or an ASCII id, so a U+FFFD decoded in their place cannot make it
 * valid). The answer is invalid_json or validation_error, whichever the decoded text calls for.
 */
export const invalidUtf8: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.oneof(planetIds, coinw).map((entry) => entryText(entry as Entry)),
    fc.boolean(),
    fc.constantFrom(...INVALID_UTF8),
    fc.nat(),
  )
  .map(([entry, batch, bad, at]) => {
    const text = batch ? `{"cancellations":[${entry}]}` : entry;
    const ascii = bytesOf(text);
    const i = at % (ascii.length + 1);
    const body = new Uint8Array([...ascii.subarray(0, i), ...bad, ...ascii.subarray(i)]);
    return {
      category: 'invalid UTF-8',
      method: 'POST',
      path: batch ? BATCH : SINGLE,
      headers: JSON_TYPE,
      body,
      expected: expectedForJson(body),
    };
  });

const JS_ISMS: [RegExp, string][] = [
  [/"/g, "'"],
  [/\}$/, ',}'],
  [/\]/, ',]'],
  [/^\{/, '{/* c */'],
  [/"([a-z_]+)":/, '$1:'],
  [/:(\d+)/, ':0x$1'],
  [/:(\d+)/, ':+$1'],
  [/:(\d+)/, ':0$1'],
  [/:true/, ':True'],
  [/:\[/, ':NaN,['],
  [/^/, '\u0000'],
  [/$/, '\n}'],
];

/**
 * Broken and truncated JSON: every proper prefix of a valid body (an object is not closed
 * before its last byte), a valid body with anything but whitespace after it, JavaScript-isms,
 * and random text. Only what JSON.parse refuses is kept, so each answer must be invalid_json.
 */
export const brokenJson: fc.Arbitrary<Probe> = fc
  .oneof(
    validBody.chain(({ path, text }) =>
      fc
        .oneof(
          fc.integer({ min: 1, max: text.length - 1 }).map((n) => text.slice(0, n)),
          fc
            .tuple(
              fc.constantFrom('x', ',', '}', ']', '{', '"', "'", '0', 'null', '//', ';'),
              fc.string(),
            )
            .map(([first, rest]) => `${text}${first}${rest}`),
          fc
            .constantFrom(...JS_ISMS)
            .map(([pattern, replacement]) => text.replace(pattern, replacement)),
          fc
            .tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\'))
            .map(([at, char]) => {
              const i = at % text.length;
              return `${text.slice(0, i)}${char}${text.slice(i + 1)}`;
            }),
        )
        .map((broken) => ({ path, broken })),
    ),
    fc
      .tuple(
        fc.constantFrom(SINGLE, BATCH),
        fc.oneof(
          fc.string({ unit: fc.constantFrom(...'{}[]":,0123456789.eE+-tfrueanl \\'.split('')) }),
          fc.string({ unit: 'binary', minLength: 1 }),
        ),
      )
      .map(([path, broken]) => ({ path, broken })),
  )
  .filter(({ broken }) => broken.length > 0 && !parsesOk(broken))
  .map(({ path, broken }) => postJson('broken JSON', path, broken));

function parsesOk(text: string): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytesOf(text)));
    return true;
  } catch {
    return false;
  }
}
