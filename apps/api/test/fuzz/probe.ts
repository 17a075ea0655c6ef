import fc from 'fast-check';
import { MiB, parsesAsJson } from './contract-rules.ts';
import { entryText, validEntry } from './valid-entries.ts';

/** What the contract says the API answers to a probe. */
export interface Expected {
  status: number;
  error: string;
  /**
   * For a validation_error: the path every issue must be at or under ('' = the body itself, so
   * anything goes; undefined = not checked).
   */
  issuesAt?: string;
}

/** One hostile HTTP request and the answer the contract gives it. */
export interface Probe {
  category: string;
  method: 'GET' | 'POST';
  /** Path and query, already percent-encoded as they go on the wire. */
  path: string;
  /** Sent as they are, next to a correct bearer token. */
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Send the body as a chunked stream, without Content-Length. */
  chunked?: boolean;
  /** Write the request on a bare socket: fetch refuses control characters in header values. */
  raw?: boolean;
  expected: Expected;
}

/** A hostile cancellation request: its JSON text, and where its issues are (see Expected). */
export interface Mutant {
  text: string;
  at?: string;
}

export const SINGLE = '/v1/cancellations';
export const BATCH = '/v1/cancellations/batch';
export const JSON_TYPE = { 'content-type': 'application/json' };

const encoder = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

export function joinPath(...parts: (string | number | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== '').join('.');
}

/**
 * The contract's answer to a POST body sent as application/json. The order is the API's:
 * size first (the body is not read past 1 MiB), then JSON syntax, then the schema. An empty body
 * is the one exception to "not JSON → invalid_json": Express reads it as `{}`, which then fails
 * the schema (still a 400 with the contract's shape).
 */
export function expectedForJson(body: Uint8Array, issuesAt?: string): Expected {
  if (body.length > MiB) return { status: 413, error: 'payload_too_large' };
  // Decoded as the server does: a leading BOM is dropped, so a lone BOM is an empty body.
  const empty = new TextDecoder().decode(body).length === 0;
  if (!empty && !parsesAsJson(body)) return { status: 400, error: 'invalid_json' };
  return { status: 400, error: 'validation_error', issuesAt };
}

/** A probe POSTing `text` as JSON to `path`. */
export function postJson(category: string, path: string, text: string, at?: string): Probe {
  const body = bytesOf(text);
  return {
    category,
    method: 'POST',
    path,
    headers: JSON_TYPE,
    body,
    expected: expectedForJson(body, at),
  };
}

/**
 * A valid Idempotency-Key, sent with two thirds of the hostile bodies: the key is claimed only for
 * a request that is accepted, so none may be left in Redis.
 */
const validKey = fc.stringMatching(/^[!-~][ -~]{0,30}[!-~]$/);

/**
 * Each hostile request both alone (POST /v1/cancellations) and as one entry of a batch among 0..3
 * valid siblings at a random index. A batch is all or nothing: its valid siblings must not be
 * enqueued either, and every issue must name the hostile entry's index. Two thirds carry a
 * valid Idempotency-Key.
 */
export function posted(category: string, mutant: fc.Arbitrary<Mutant>): fc.Arbitrary<Probe> {
  const alone = mutant.map((m) => postJson(category, SINGLE, m.text, m.at));
  const inBatch = fc
    .tuple(mutant, fc.array(validEntry, { maxLength: 3 }), fc.nat())
    .map(([m, siblings, n]) => {
      const index = n % (siblings.length + 1);
      const entries = siblings.map(entryText);
      entries.splice(index, 0, m.text);
      const at = m.at === undefined ? undefined : joinPath('cancellations', index, m.at);
      return postJson(`${category} (batch)`, BATCH, `{"cancellations":[${entries.join(',')}]}`, at);
    });
  return fc
    .tuple(fc.oneof(alone, inBatch), fc.option(validKey, { freq: 3 }))
    .map(([probe, key]) =>
      key === null ? probe : { ...probe, headers: { ...probe.headers, 'idempotency-key': key } },
    );
}

function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** fast-check prints counterexamples with this: short, even for a 3 MiB body. */
export function describeProbe(probe: Probe): string {
  const body = probe.body ? shorten(new TextDecoder().decode(probe.body.slice(0, 400))) : '';
  const headers = Object.entries(probe.headers)
    .map(([name, value]) => `${name}: ${JSON.stringify(shorten(value, 80))}`)
    .join(', ');
  return (
    `[${probe.category}] ${probe.method} ${shorten(probe.path)} {${headers}}` +
    `${probe.chunked ? ' chunked' : ''}${probe.raw ? ' raw' : ''} body(${probe.body?.length ?? 0} B)=${JSON.stringify(body)}` +
    ` → expected ${probe.expected.status} ${probe.expected.error}` +
    (probe.expected.issuesAt !== undefined ? ` at "${probe.expected.issuesAt}"` : '')
  );
}

/** Gives every probe of `arbitrary` a short printed form for fast-check's failure report. */
export function printable(arbitrary: fc.Arbitrary<Probe>): fc.Arbitrary<Probe> {
  return arbitrary.map((probe) =>
    Object.defineProperty(probe, fc.toStringMethod, { value: () => describeProbe(probe) }),
  );
}
