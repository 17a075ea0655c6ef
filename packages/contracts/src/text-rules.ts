import { z } from 'zod';

// C0/C1 control characters never belong in an identifier or a note we forward to a provider.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Counts user-perceived characters as providers do (code points), not UTF-16 units. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** A non-empty string of at most `max` characters with no control characters. */
export function boundedText(max: number) {
  return z
    .string()
    .refine((value) => characterCount(value) >= 1, { message: 'must not be empty', abort: true })
    .refine((value) => characterCount(value) <= max, {
      message: `must be at most ${max} characters`,
      abort: true,
    })
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      message: 'must not contain control characters',
    });
}
