import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MiB, PROVIDER_IDS } from './contract-rules.ts';
import { BATCH, bytesOf, JSON_TYPE, SINGLE, type Probe } from './probe.ts';
import { entryText, validBody, validEntry } from './valid-entries.ts';

const STATES = ['queued', 'in_progress', 'completed'];
const anyText = fc.string({ unit: 'grapheme', maxLength: 30 });

/**
 * Bodies over 1 MiB (up to 3 MiB): a valid request padded with an unknown key, or junk; with
 * Content-Length, chunked without one, or gzip-compressed under 1 MiB but inflating past it.
 */
export const overLimit: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.constantFrom(SINGLE, BATCH),
    fc.integer({ min: MiB + 1, max: 3 * MiB }),
    fc.constantFrom('padded', 'junk'),
    fc.constantFrom('length', 'chunked', 'gzip'),
    validEntry,
  )
  .map(([path, size, fill, transfer, entry]) => {
    const start =
      fill === 'padded' ? `${entryText(entry).slice(0, -1)},"pad":"` : '{"cancellations":[';
    const text = `${start}${'x'.repeat(Math.max(0, size - start.length - 2))}"}`;
    const headers: Record<string, string> = { ...JSON_TYPE };
    let body = bytesOf(text);
    if (transfer === 'gzip') {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    return {
      category: `over 1 MiB (${transfer})`,
      method: 'POST' as const,
      path,
      headers,
      body,
      chunked: transfer === 'chunked',
      expected: { status: 413, error: 'payload_too_large' },
    };
  });

const token = fc.stringMatching(/^[a-z][a-z0-9.+-]{0,15}$/);
const params = fc.array(
  fc.tuple(token, fc.stringMatching(/^[A-Za-z0-9-]{0,10}$/)).map(([k, v]) => `; ${k}=${v}`),
  { maxLength: 2 },
);

/**
 * Content types other than JSON, each with a VALID request body: taking it would enqueue
 * work, so the 415 is all that stands between it and a provider. Random `type/subtype` pairs
 * (anything but application/json, in any case), near misses, junk without "json" in it, JSON
 * in a charset that is not UTF-*, and no Content-Type at all.
 */
export const contentTypes: fc.Arbitrary<Probe> = fc
  .tuple(
    validBody,
    fc.oneof(
      fc
        .tuple(token, token, params)
        .filter(([type, sub]) => !(type === 'application' && sub === 'json'))
        .chain(([type, sub, p]) => fc.mixedCase(fc.constant(`${type}/${sub}${p.join('')}`))),
      fc.constantFrom(
        'text/plain',
        'text/json',
        'text/html; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/octet-stream',
        'application/jsonp',
        'application/json-patch+json',
        'application/ld+json',
        'application/vnd.api+json',
        'application/javascript',
        'json',
        'application',
        '*/*',
        'application/*',
        'application/json/extra',
        'application json',
        '',
      ),
      fc
        .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
        .map((junk) => junk.trim())
        .filter((junk) => junk.length > 0 && !/json/i.test(junk)),
      fc
        .constantFrom('latin1', 'iso-8859-1', 'us-ascii', 'windows-1252', 'ebcdic', 'x', 'utf8x')
        .map((charset) => `application/json; charset=${charset}`),
      fc.constant(undefined),
    ),
  )
  .map(([{ path, text }, type]): Probe => ({
    category: 'content type',
    method: 'POST' as const,
    path,
    // Without a Content-Type header, fetch sends a byte body without one.
    headers: type === undefined ? {} : { 'content-type': type },
    body: bytesOf(text),
    expected: { status: 415, error: 'unsupported_media_type' },
  }));

const keyChar = fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 20 });
// A key is sent between two non-blank characters, so fetch's trimming cannot shorten it.
const framed = (middle: string) => `k${middle}k`;

/**
 * Idempotency-Key values the contract refuses (1..255 printable ASCII characters), each with a
 * VALID body: too long; a tab, a non-ASCII byte or another control character inside; empty;
 * over Node's 16 KiB header limit. Node's HTTP parser refuses control characters and huge
 * headers before Express sees them; the API still answers with the contract's body. Those go
 * over a bare socket: fetch will not send a control character in a header, and gives up on an
 * answer that arrives while it is still sending the request.
 */
interface KeyCase {
  key: string;
  status: number;
  error: string;
  /** Whether Express sees the header, so the issue names it. */
  at: boolean;
  raw?: boolean;
}

export const idempotencyKeys: fc.Arbitrary<Probe> = fc
  .tuple(
    validBody,
    fc.oneof<fc.Arbitrary<KeyCase>[]>(
      fc.integer({ min: 254, max: 8_000 }).map((n) => ({
        key: framed('x'.repeat(n)),
        status: 400,
        error: 'validation_error',
        at: true,
      })),
      fc
        .tuple(keyChar, fc.constantFrom('\t', ...'éÿ\u0080\u00a0'.split('')), keyChar)
        .map(([a, c, b]) => ({
          key: framed(`${a}${c}${b}`),
          status: 400,
          error: 'validation_error',
          at: true,
        })),
      fc
        .tuple(
          keyChar,
          fc.integer({ min: 1, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13),
          keyChar,
        )
        .map(([a, c, b]) => ({
          key: framed(`${a}${String.fromCharCode(c)}${b}`),
          status: 400,
          error: 'validation_error',
          at: false,
          raw: true,
        })),
      fc.constant({ key: '', status: 400, error: 'validation_error', at: true }),
      fc.integer({ min: 17 * 1024, max: 64 * 1024 }).map((n) => ({
        key: framed('x'.repeat(n)),
        status: 431,
        error: 'payload_too_large',
        at: false,
        raw: true,
      })),
    ),
  )
  .map(([{ path, text }, { key, status, error, at, raw }]) => ({
    category: 'Idempotency-Key',
    method: 'POST' as const,
    path,
    headers: { ...JSON_TYPE, 'idempotency-key': key },
    body: bytesOf(text),
    raw,
    expected: { status, error, issuesAt: at ? 'headers.Idempotency-Key' : undefined },
  }));

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
