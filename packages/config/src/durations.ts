const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `500ms`, `10s`, `15m`, `12h`, `30d` into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : null;
}

export interface RateLimit {
  /** Most calls allowed in any sliding window of `durationMs`. */
  max: number;
  durationMs: number;
}

/** Parses `max/duration`, e.g. `10/1s` or `100/60s`; null when malformed. */
export function parseRateLimit(text: string): RateLimit | null {
  const match = /^(\d+)\/(.+)$/.exec(text.trim());
  if (!match) return null;
  const max = Number(match[1]);
  const durationMs = parseDuration(match[2] ?? '');
  if (!Number.isSafeInteger(max) || max < 1 || durationMs === null) return null;
  return { max, durationMs };
}
