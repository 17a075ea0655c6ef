/**
 * Hostile ways of sending a request: bodies past 1 MiB however they are framed, and VALID bodies
 * under a Content-Type or an Idempotency-Key the contract refuses.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MiB } from './contract-rules.ts';
import { BATCH, bytesOf, JSON_TYPE, SINGLE, type Probe } from './probe.ts';
import { entryText, validBody, validEntry } from './valid-entries.ts';

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
