import { z } from 'zod';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

export const DEFAULT_URL = 'http://localhost:3000';
/** Per HTTP request; a request with no answer by then counts as the API being unavailable. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface Settings {
  /** The API's base URL, without a trailing slash. */
  url: string;
  token: string;
  timeoutMs: number;
}

export interface SettingFlags {
  url?: string;
  token?: string;
  timeoutMs?: number;
}

const baseUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  // fetch refuses URLs with credentials, and a token in a URL ends up in shell history and logs.
  .refine((url) => !new URL(url).username && !new URL(url).password, {
    message: 'must not contain credentials; pass the token with CANCELQ_API_TOKEN',
  })
  .transform((url) => url.replace(/\/+$/, ''));

/**
 * Flags win over the environment (`CANCELQ_URL`, `CANCELQ_API_TOKEN`); an empty variable counts
 * as unset. The token is checked for presence only: the API is the judge of whether it is right.
 */
export function resolveSettings(flags: SettingFlags, env: NodeJS.ProcessEnv): Settings {
  const rawUrl = flags.url ?? (env.CANCELQ_URL || DEFAULT_URL);
  const url = baseUrl.safeParse(rawUrl);
  if (!url.success) {
    const source = flags.url === undefined ? 'CANCELQ_URL' : '--url';
    throw new CliError(EXIT.usage, `${source}: ${url.error.issues[0]?.message ?? 'invalid URL'}`);
  }
  const token = flags.token ?? env.CANCELQ_API_TOKEN;
  if (!token) {
    throw new CliError(EXIT.unauthorized, 'no API token: set CANCELQ_API_TOKEN or pass --token');
  }
  return { url: url.data, token, timeoutMs: flags.timeoutMs ?? DEFAULT_TIMEOUT_MS };
}
