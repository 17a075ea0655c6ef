import { z } from 'zod';

// C0/C1 control characters never belong in an identifier; free text keeps its line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

// With the `u` flag a surrogate pair is one code point, so only lone surrogates match.
const LONE_SURROGATE = /\p{Cs}/u;

/** Counts user-perceived characters as providers do (code points), not UTF-16 units. */
export function characterCount(value: string): number {
  return [...value].length;
}

/**
 * A non-empty string of at most `max` characters with no control characters. Free text (notes)
 * may keep its line breaks and tabs; identifiers may not.
 */
export function boundedText(max: number, { freeText = false }: { freeText?: boolean } = {}) {
  const forbidden = freeText ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS;
  return (
    z
      .string()
      .refine((value) => characterCount(value) >= 1, { message: 'must not be empty', abort: true })
      .refine((value) => characterCount(value) <= max, {
        message: `must be at most ${max} characters`,
        abort: true,
      })
      .refine((value) => !forbidden.test(value), {
        message: 'must not contain control characters',
      })
      // JSON can spell a lone surrogate (`"\ud800"`), which is no character at all: UTF-8 cannot
      // carry it, so Redis would store U+FFFD instead of the id asked for, and no provider URL
      // can be built from it (`encodeURIComponent` throws).
      .refine((value) => !LONE_SURROGATE.test(value), {
        message: 'must be well-formed Unicode (no lone surrogates)',
      })
  );
}
