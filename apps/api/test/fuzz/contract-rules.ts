/**
 * The field rules of /work/shared/spec/api.md, restated independently of the implementation's
 * zod schemas. The fuzzer only uses them to throw away generated values the contract ACCEPTS, so
 * every value it sends as "wrong" is wrong by the contract, not by the code under test. Where the
 * implementation is stricter than the contract's words (no control characters or lone surrogates
 * in ids), the rule says so, so those values count as wrong too.
 */

export const PROVIDER_IDS = ['planet', 'planomatic', 'coinw', 'hypertrack'] as const;
export const REASONS = ['duplicate_order', 'client_requested_cancelation'] as const;
export const POS_TYPES = ['execute', 'plan', 'moveStop', 'stopProfitLoss'] as const;
export const MAX_IDS = 10_000;
export const MAX_BATCH = 1_000;
export const MiB = 1024 * 1024;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SOURCE_ID = /^[0-9]{1,32}$/;
// eslint-disable-next-line no-control-regex -- the rule is about control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- the rule is about control characters
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /\p{Cs}/u;

const oneOf =
  (values: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === 'string' && values.includes(value);

function text(max: number, { freeText = false } = {}) {
  return (value: unknown): boolean =>
    typeof value === 'string' &&
    [...value].length >= 1 &&
    [...value].length <= max &&
    !(freeText ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value) &&
    !LONE_SURROGATE.test(value) &&
    (!freeText || value.trim().length > 0);
}

function ids(pattern: RegExp) {
  return (value: unknown): boolean =>
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= MAX_IDS &&
    value.every((id) => typeof id === 'string' && pattern.test(id));
}

const smallInt = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000;

/** Does the contract accept `value` for `field`? */
export const ACCEPTS: Record<string, (value: unknown) => boolean> = {
  provider: oneOf(PROVIDER_IDS),
  order_ids: ids(UUID),
  all_queued: (value) => value === true,
  order_id: text(255),
  request_id: text(255),
  order_handle: text(255),
  cancelation_reason: oneOf(REASONS),
  notes: text(255, { freeText: true }),
  source_ids: ids(SOURCE_ID),
  pos_type: oneOf(POS_TYPES),
  type: oneOf(['drop', 'pick']),
  type_index: smallInt,
  fulfillment_attempt: smallInt,
};

/** The fields of each request shape, as the contract lists them (optional ones included). */
export const SHAPE_FIELDS: Record<string, readonly string[]> = {
  'planet-ids': ['provider', 'order_ids'],
  'planet-all': ['provider', 'all_queued'],
  planomatic: ['provider', 'order_id', 'request_id', 'cancelation_reason', 'notes'],
  coinw: ['provider', 'source_ids', 'pos_type'],
  hypertrack: ['provider', 'order_handle', 'type', 'type_index', 'fulfillment_attempt'],
};

/** The value the server sees: what JSON.parse makes of the text JSON.stringify sends. */
export function asSent(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Whether the server's JSON parser takes these bytes (decoded as UTF-8, as it does). */
export function parsesAsJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}
