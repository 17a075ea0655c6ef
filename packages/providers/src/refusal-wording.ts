import type { HttpAnswer } from './http/http-client.ts';

/**
 * How a provider says, in words, that it refused a cancel because of the order's state or id.
 *
 * No provider documents this wording: PlanOmatic's not-cancelable and unknown-order bodies are
 * [UNKNOWN] (providers.md §2, the simulator's `not_cancelable` is a guess), HyperTrack's refusal
 * statuses and messages are [UNKNOWN]/[INF] (§4), and Planet documents one bulk failure message
 * while other per-order messages are [UNKNOWN] (§1). So every adapter reads the same reasonable
 * variants — spelling (canceled/cancelled), case, `_`/`-` for spaces — from this one place.
 *
 * The hazard is a false positive, not a miss: words read as "already cancelled" report a
 * success that may not have happened, so those patterns demand a subject and no negation
 * ("not cancelled", "The operation was canceled" stay unread). A miss falls back to each
 * adapter's own rule for words it does not know.
 */
export type Refusal = 'already_cancelled' | 'not_cancellable';

/**
 * Patterns below are written as plain phrases: a space is any run of whitespace, `_` or `-`
 * ("not_cancelable", "non-cancelable"), and `\b` is a boundary between a letter or digit and
 * anything else. (RegExp's own `\b` counts `_` as a letter, so it would miss the words of a
 * slug such as `order_not_cancelable`.)
 */
const phrase = (source: string) =>
  new RegExp(
    source
      .replaceAll(' ', '[\\s_-]+')
      .replaceAll('\\b', '(?:(?<![a-z0-9])(?=[a-z0-9])|(?<=[a-z0-9])(?![a-z0-9]))'),
    'i',
  );

/** An id between "order" and its verb: "Order 654321 is canceled". */
const ID = `(?: [^\\s;,.]+)?`;

/** A retry after a lost answer meets our own cancellation. */
const ALREADY_CANCELLED = [
  phrase(`(?<!\\bnot )\\balready (?:been )?cancel+ed\\b`),
  phrase(`\\border${ID} (?:is|was|has been|had been) cancel+ed\\b`),
  phrase(`\\b(?:state|status)(?: is|:)? cancel+ed\\b`),
  phrase(`\\bin (?:an? |the )?cancel+ed (?:state|status)\\b`),
];

/** The order's state forbids the cancel: it is past the point where it could be cancelled. */
const NOT_CANCELLABLE = [
  phrase(`\\b(?:not|non)(?: )?cancel+able\\b`),
  phrase(`\\buncancel+able\\b`),
  // "not in a cancellable state", "not currently cancelable", "not in cancelable status".
  phrase(`\\bnot (?:(?:currently|in|an?|the|any|longer) )+cancel+able\\b`),
  phrase(`\\bno longer (?:be )?cancel+able\\b`),
  phrase(`\\b(?:cannot|can['’]?t|can not|may not|(?:can|may) no longer) be cancel+ed\\b`),
  phrase(`\\bnot eligible for cancel+ation\\b`),
  phrase(`(?<!\\bnot )\\balready (?:been )?(?:completed|delivered|fulfilled|running|scheduled)\\b`),
  phrase(`\\border${ID} (?:is|was|has been) (?:completed|delivered|fulfilled)\\b`),
];

/**
 * The provider does not know the id. A bare "unknown" is read only as the whole message (a
 * field error's vocabulary, PlanOmatic's `unrecognized`) or naming the order/id: "Unknown
 * error" is not an unknown order.
 */
const NOT_FOUND = [
  phrase(`\\bnot (?:be )?found\\b`),
  phrase(`\\b(?:does not|doesn['’]?t|do not|don['’]?t) exist\\b`),
  phrase(`\\bnon(?: )?existent\\b`),
  phrase(`\\bno such\\b`),
  phrase(`\\b(?:unknown|unrecogni[sz]ed) (?:order|request|id)`),
  /^\s*(?:unknown|unrecogni[sz]ed)\s*\.?\s*$/i,
];

/**
 * What words say about the order's state, or null. Already-cancelled wins: a refusal such as
 * "Order 1 is canceled; only new orders can be canceled" names the order's state first.
 */
export function readRefusal(words: string): Refusal | null {
  if (ALREADY_CANCELLED.some((pattern) => pattern.test(words))) return 'already_cancelled';
  if (NOT_CANCELLABLE.some((pattern) => pattern.test(words))) return 'not_cancellable';
  return null;
}

/** Whether words say the order (or the id naming it) is unknown to the provider. */
export function saysNotFound(words: string): boolean {
  return NOT_FOUND.some((pattern) => pattern.test(words));
}

/**
 * Every top-level string an error answer carries, in the order a reader would trust them: a
 * JSON string body; the `message`, `msg`, `error`, `title`, `detail` fields (RFC 7807 bodies
 * put the words in `detail` behind a generic `title`); the excerpt of a body that was not JSON.
 */
export function answerWords(answer: HttpAnswer): string[] {
  const words: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') words.push(value.trim());
  };
  const { body } = answer;
  add(body);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    for (const field of ['message', 'msg', 'error', 'title', 'detail']) add(record[field]);
  }
  add(answer.text);
  return words;
}
