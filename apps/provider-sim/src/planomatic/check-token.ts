import type { FieldError } from './error-body.ts';
import type { TokenField } from './rules.ts';

/** The body fields a token may come in under each setting, in the order they are tried. */
export function tokenAttrs(field: TokenField): readonly string[] {
  return field === 'either' ? ['api_token', 'api_key'] : [field];
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The body field a cancel presents its token in, or undefined: under `either`, the first field
 * present decides. Absent, null and "" are not presented.
 */
function presentedAttr(body: Record<string, unknown>, field: TokenField): string | undefined {
  return tokenAttrs(field).find((attr) => present(body[attr]));
}

/** The token a cancel body presents (any JSON type), or undefined: what names its account. */
export function presentedToken(body: Record<string, unknown>, field: TokenField): unknown {
  const attr = presentedAttr(body, field);
  return attr === undefined ? undefined : body[attr];
}

/**
 * The token error of a cancel body, or null when the token is one `isKnown` knows (an
 * account's). Absent, null and "" are `missing` (the docs only show missing / unauthorized for
 * the key); anything else that is not a known token, a non-string included, is `unauthorized`.
 * The error never echoes the value sent.
 */
export function checkToken(
  body: Record<string, unknown>,
  field: TokenField,
  isKnown: (token: unknown) => boolean,
): FieldError | null {
  const attr = presentedAttr(body, field);
  if (attr === undefined) return { attr: tokenAttrs(field)[0]!, message: 'missing' };
  return isKnown(body[attr]) ? null : { attr, message: 'unauthorized' };
}
