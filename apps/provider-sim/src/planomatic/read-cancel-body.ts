import type { FieldError } from './error-body.ts';
import { CANCELATION_REASONS, type CancelationReason } from './order.ts';

/** Which identifier a cancel body addresses the order by, as a string. */
export interface OrderRef {
  attr: 'order_id' | 'request_id';
  id: string;
}

export interface CancelBody {
  /** Null when the identifiers themselves are in error (then `errors` says why). */
  ref: OrderRef | null;
  reason: CancelationReason | null;
  notes: string | null;
  /** Every field error found, in field order (id, reason, notes); empty when valid. */
  errors: FieldError[];
}

/** "Notes must be between 1-255 characters" [DOC cancel-order]; counted in code points. */
export const NOTES_MAX = 255;

const given = (value: unknown) => value !== undefined && value !== null;

/**
 * Reads the order fields of a cancel body (the token is checked before this). Collects every
 * error rather than stopping at the first, as PlanOmatic's `errors` list implies. Whether the
 * named order exists is the store's question, asked by the caller.
 */
export function readCancelBody(body: Record<string, unknown>): CancelBody {
  const errors: FieldError[] = [];
  const ref = readRef(body, errors);
  const reason = readReason(body.cancelation_reason, errors);
  const notes = readNotes(body.notes, errors);
  return { ref, reason, notes, errors };
}

/**
 * `request_id` wins when both are sent, and `order_id` is then ignored entirely, even if
 * malformed: "if both are provided, request_id takes precedence" [DOC cancel-order,
 * retrieve-order]. `order_id` may be a string or a number (the docs use both).
 */
function readRef(body: Record<string, unknown>, errors: FieldError[]): OrderRef | null {
  if (given(body.request_id)) {
    const id = body.request_id;
    if (typeof id !== 'string') errors.push({ attr: 'request_id', message: 'unrecognized' });
    else if (id === '') errors.push({ attr: 'request_id', message: 'empty' });
    else return { attr: 'request_id', id };
    return null;
  }
  if (given(body.order_id)) {
    const id = body.order_id;
    if (typeof id === 'number' && Number.isFinite(id)) return { attr: 'order_id', id: String(id) };
    if (typeof id !== 'string') errors.push({ attr: 'order_id', message: 'unrecognized' });
    else if (id === '') errors.push({ attr: 'order_id', message: 'empty' });
    else return { attr: 'order_id', id };
    return null;
  }
  errors.push({ attr: 'order_id', message: 'missing' });
  return null;
}

function readReason(value: unknown, errors: FieldError[]): CancelationReason | null {
  const attr = 'cancelation_reason';
  if (!given(value)) errors.push({ attr, message: 'missing' });
  else if (value === '') errors.push({ attr, message: 'empty' });
  else if (!(CANCELATION_REASONS as readonly unknown[]).includes(value)) {
    errors.push({ attr, message: 'unrecognized' });
  } else return value as CancelationReason;
  return null;
}

function readNotes(value: unknown, errors: FieldError[]): string | null {
  const attr = 'notes';
  if (!given(value)) errors.push({ attr, message: 'missing' });
  else if (typeof value !== 'string') errors.push({ attr, message: 'unrecognized' });
  else if (value === '') errors.push({ attr, message: 'empty' });
  // Code points, not UTF-16 units: an emoji is one character to the people writing notes.
  else if ([...value].length > NOTES_MAX) errors.push({ attr, message: 'too_long' });
  else return value;
  return null;
}
