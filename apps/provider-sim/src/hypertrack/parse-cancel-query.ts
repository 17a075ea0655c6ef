import { LEG_TYPES, type LegType } from './order.ts';
import type { LegSelectors } from './select-legs.ts';

/**
 * Reads the cancel call's query string into selectors, or per-field reasons for a 422.
 *
 * The documented validation body, `{"<location>": {"<field>": ["..."]}}`, is the webargs /
 * marshmallow shape, so the reasons use marshmallow's wording and unknown query parameters are
 * ignored (webargs excludes unknown query fields by default) [INF, spec §4]. A repeated
 * parameter is refused rather than silently resolved: what the real API does is unknown, and
 * a client that sends two values has a bug worth surfacing.
 */
export function parseCancelQuery(
  rawQuery: string | null,
): { selectors: LegSelectors } | { errors: Record<string, string[]> } {
  const params = new URLSearchParams(rawQuery ?? '');
  const errors: Record<string, string[]> = {};
  const selectors: LegSelectors = {};

  const type = single(params, 'type', errors);
  if (type !== undefined) {
    if ((LEG_TYPES as readonly string[]).includes(type)) selectors.type = type as LegType;
    else errors.type = [`Must be one of: ${LEG_TYPES.join(', ')}.`];
  }
  for (const key of ['type_index', 'fulfillment_attempt'] as const) {
    const text = single(params, key, errors);
    if (text === undefined) continue;
    const value = nonNegativeInteger(text);
    if (typeof value === 'number') selectors[key] = value;
    else errors[key] = [value.error];
  }
  return Object.keys(errors).length > 0 ? { errors } : { selectors };
}

function single(
  params: URLSearchParams,
  key: string,
  errors: Record<string, string[]>,
): string | undefined {
  const values = params.getAll(key);
  if (values.length > 1) errors[key] = ['Must be a single value.'];
  return values.length === 1 ? values[0] : undefined;
}

/**
 * Decimal digits only. A value too large to be exact still parses (it is a valid integer that
 * matches no leg, so the answer is a 404, as for any other absent index).
 */
function nonNegativeInteger(text: string): number | { error: string } {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^-\d+$/.test(text)) return { error: 'Must be greater than or equal to 0.' };
  return { error: 'Not a valid integer.' };
}
