/** Hostile URLs: any id in GET /v1/cancellations/{id}, and refused list query parameters. */
import fc from 'fast-check';
import { PROVIDER_IDS } from './contract-rules.ts';
import type { Probe } from './probe.ts';

const STATES = ['queued', 'in_progress', 'completed'];
const anyText = fc.string({ unit: 'grapheme', maxLength: 30 });

/** Percent-encodes a string as UTF-8, and lone surrogates as the (invalid) bytes they would be. */
function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

const RAW_FRAGMENTS = [
  '%',
  '%z',
  '%0',
  '%ff',
  '%c0%af',
  '%ed%a0%80',
  '%00',
  '%2F',
  '%2e',
  '%25',
  '%E2%82',
];

/**
 * GET /v1/cancellations/{id} with any id: unicode (encoded as UTF-8), lone surrogates and
 * broken percent-escapes (undecodable: 400), control characters, ids past 100 characters. No
 * cancellation exists, so a decodable id is 404 not_found. `.` and `..` are left out: URL
 * parsing removes them before the request is sent.
 */
export const idsInPath: fc.Arbitrary<Probe> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }).map(encodeSegment),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeSegment),
    fc
      .tuple(anyText, fc.constantFrom('\ud800', '\udfff', '\udc00\ud800'), anyText)
      .map(([a, surrogate, b]) => encodeSegment(`${a}${surrogate}${b}`)),
    fc
      .array(
        fc.oneof(fc.constantFrom(...RAW_FRAGMENTS), fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}$/)),
        {
          minLength: 1,
          maxLength: 6,
        },
      )
      .map((parts) => parts.join('')),
    fc.uuid(),
    fc.integer({ min: 101, max: 4_000 }).map((n) => 'a'.repeat(n)),
  )
  .filter((segment) => !/^(\.|%2e){1,2}$/i.test(segment))
  .map((segment) => ({
    category: 'id in the path',
    method: 'GET' as const,
    path: `/v1/cancellations/${segment}`,
    headers: {},
    expected: decodes(segment)
      ? { status: 404, error: 'not_found' }
      : { status: 400, error: 'validation_error' },
  }));

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const KNOWN = ['provider', 'state', 'limit', 'cursor'];

function validLimit(value: string): boolean {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 500;
}

/** Cursors that are not one the API hands out (it encodes `<15-digit ms>:<id>` in base64url). */
const badCursor = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 201, max: 2_000 }).map((n) => 'A'.repeat(n)),
  fc
    .string({ maxLength: 60 })
    .filter((raw) => !/^\d{15}:[\w-]+$/.test(raw))
    .map((raw) => Buffer.from(raw).toString('base64url'))
    .filter((cursor) => cursor.length > 0 && cursor.length <= 200),
  anyText.filter(
    (raw) => raw.length > 0 && !/^\d{15}:[\w-]+$/.test(Buffer.from(raw, 'base64url').toString()),
  ),
);

/** One query parameter the contract refuses: with it, no list query can be valid. */
const badParam: fc.Arbitrary<[string, string][]> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
        fc.constantFrom(...PROTO_KEYS),
      ),
      anyText,
    )
    .filter(([key]) => !KNOWN.includes(key))
    .map((pair): [string, string][] => [pair]),
  fc
    .oneof(anyText, fc.constantFrom(...PROTO_KEYS, 'PLANET', 'planet ', 'рlanet'))
    .filter((v) => !(PROVIDER_IDS as readonly string[]).includes(v))
    .map((v): [string, string][] => [['provider', v]]),
  fc
    .oneof(anyText, fc.constantFrom(...PROTO_KEYS, 'Queued', 'done'))
    .filter((v) => !STATES.includes(v))
    .map((v): [string, string][] => [['state', v]]),
  fc
    .oneof(
      anyText,
      fc.integer().map(String),
      fc.constantFrom('0', '501', '-1', '1.5', '1e400', 'NaN', 'Infinity', '0x', '', ' '),
    )
    .filter((v) => !validLimit(v))
    .map((v): [string, string][] => [['limit', v]]),
  badCursor.map((v): [string, string][] => [['cursor', v]]),
  // A known parameter given twice arrives as an array.
  fc
    .constantFrom<[string, string]>(['provider', 'planet'], ['state', 'queued'], ['limit', '5'])
    .map((pair): [string, string][] => [pair, pair]),
);

const goodParam = fc.constantFrom<[string, string]>(
  ['provider', 'coinw'],
  ['state', 'completed'],
  ['limit', '10'],
);

/** GET /v1/cancellations?… with at least one refused parameter among valid ones. */
export const listQueries: fc.Arbitrary<Probe> = fc
  .tuple(badParam, fc.array(goodParam, { maxLength: 2 }), fc.nat())
  .map(([bad, good, at]) => {
    const pairs = [...good];
    pairs.splice(at % (pairs.length + 1), 0, ...bad);
    const query = pairs
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    return {
      category: 'list query',
      method: 'GET' as const,
      path: `/v1/cancellations?${query}`,
      headers: {},
      expected: { status: 400, error: 'validation_error' },
    };
  });
