/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent,
 * unparsable, or a date not in the future (a wrong clock at the provider asks for nothing we
 * can honour). How long a pause may last at most is the worker's decision (CANCELQ_MAX_PAUSE).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) || date <= now ? null : date - now;
}
