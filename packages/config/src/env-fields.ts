import { z } from 'zod';
import { PROVIDERS, type ProviderId } from '@cancelq/contracts';
import { parseDuration, parseRateLimit } from './durations.ts';

/** The kinds of value the environment holds, each parsed and checked once (see env.ts). */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration like 500ms, 10s, 30d`,
        });
        return z.NEVER;
      }
      return ms;
    });

export const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const limit = parseRateLimit(text);
      if (limit === null) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a limit like 10/1s or 100/60s` });
        return z.NEVER;
      }
      return limit;
    });

export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65_535).default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
export const optionalSecret = z.string().min(1).optional();

/** The length below which a token or password of ours is refused: guessable, or a typo. */
export const MIN_SECRET_LENGTH = 24;
/** Values that say "replace me": .env.example's placeholders and their kin. */
const PLACEHOLDER = /change-?me|replace-?me|placeholder|^(secret|password|token|admin|test)$/i;

/**
 * A secret cancelq itself asks for (the API token, Bull Board's password, the metrics token):
 * refused at start when it is a known placeholder or shorter than MIN_SECRET_LENGTH, naming
 * the variable. Provider credentials are the providers' to choose, and are not checked.
 */
export const ownSecret = z
  .string()
  .min(1)
  .refine((value) => !PLACEHOLDER.test(value), {
    message: 'is a placeholder (as in .env.example): set a real secret',
    abort: true,
  })
  .refine((value) => value.length >= MIN_SECRET_LENGTH, {
    message: `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 24)`,
  })
  .optional();
export const url = (fallback: string) => z.url().default(fallback);

export const providerList = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const names = [
      ...new Set(
        text
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = names.filter((name) => !(PROVIDERS as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown provider(s) ${unknown.join(', ') || '(none given)'}; known: ${PROVIDERS.join(', ')}`,
      });
      return z.NEVER;
    }
    return names as ProviderId[];
  });

export const flag = (fallback: 'true' | 'false' = 'false') =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback)
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
