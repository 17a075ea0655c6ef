import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { limiterKeys } from './keys.ts';

/**
 * Why not BullMQ's `limiter`: it counts *fixed* windows (a counter that expires), so up to
 * 2×max jobs can start within one sliding window that straddles a boundary — measured here,
 * 19 starts in one second under {max: 10, duration: 1000}. Providers count sliding windows.
 *
 * This is a sliding-window log in Redis, shared by every worker process: a sorted set of the
 * times calls are (or will be) sent. A new call gets the earliest slot at which the window
 * ending there holds fewer than `max` calls: `max(now, latest slot, slot[n-max] + window)`.
 * Slots are handed out in increasing order, so any `max + 1` consecutive calls span at least
 * one window — the sliding-window rule, by construction.
 *
 * An idle provider gets a burst of up to `max` calls at once (a trader's panic, a Planet race).
 * Once the window is full — a backlog — each slot is also at least `window / max` after the
 * previous one. Same rate, but calls go out one at a time instead of in bursts: a burst's calls
 * contend with each other and reach the provider with delays that differ from one burst to the
 * next (measured: a cold first burst spread over 62 ms, the next over 36 ms), which is exactly
 * what puts `max + 1` arrivals into one window although their slots were a window apart.
 *
 * A call granted while the window still has room goes out at once, but is recorded one margin
 * later than that: such calls are the ones that open connections and wake cold code paths (a
 * TLS handshake, at a real provider), so they reach the provider later than a warm call would;
 * the call one window after them must leave room for that (measured here: 10–15 ms, at times
 * past the margin). Calls in a backlog are warm and recorded at their slot.
 *
 * - A slot within `horizonMs` is *reserved* and the job sleeps until it in-process: no lag
 *   between a slot freeing and the next call, and no churn of jobs bouncing through Redis
 *   (which, on a small machine, is itself what delays calls).
 * - A slot further out is refused: the job hands the wait to BullMQ (`queue.rateLimit` +
 *   `RateLimitError`), so no attempt is used and every worker stops fetching until then.
 * - Time is Redis's clock, so workers' clocks cannot disagree.
 *
 * `window` is the provider's duration plus a safety margin: the provider stamps a call when it
 * arrives, a little after its slot, and that delay varies (timers firing late, scheduling). The
 * margin absorbs the variation; it costs `margin / duration` of the rate.
 *
 * A provider 429 pauses the whole provider through `pausedUntil`, which every acquisition
 * honours, so calls already fetched by any worker wait too, not only jobs not yet fetched.
 */
const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return { -1, math.ceil(pausedUntil - now) } end
local max, window, horizon, cold = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
local n = redis.call('ZCARD', KEYS[1])
local slot, recorded = now, now + cold
if n >= max then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  local bound = tonumber(redis.call('ZRANGE', KEYS[1], n - max, n - max, 'WITHSCORES')[2])
  slot = math.max(now, last, bound + window, last + window / max)
  recorded = slot
end
if slot - now > horizon then return { -1, math.ceil(slot - now - horizon) } end
redis.call('ZADD', KEYS[1], string.format('%.3f', recorded), ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(recorded - now + window))
return { 0, math.floor(slot - now) }
`;

const PAUSE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(tonumber(ARGV[1])))
end
return 1
`;

export interface SlidingWindowOptions {
  max: number;
  durationMs: number;
  /** Extra ms added to the window; defaults to `defaultSafetyMarginMs(durationMs)`. */
  safetyMarginMs?: number;
  /** How far ahead a slot may be reserved; defaults to min(duration, 1 s). */
  horizonMs?: number;
}

/** Either send after `delayMs` (a slot is reserved), or come back in `retryInMs`. */
export type Acquisition =
  { granted: true; delayMs: number } | { granted: false; retryInMs: number };

/**
 * 25 ms covers the spread of grant→arrival delays seen on loopback under load (event-loop
 * stalls, GC); 1 % covers long windows. At 10/1s it costs 2.4 % of the rate.
 */
export function defaultSafetyMarginMs(durationMs: number): number {
  return Math.max(25, Math.ceil(durationMs * 0.01));
}

type Acquire = (
  calls: string,
  pausedUntil: string,
  max: number,
  window: number,
  horizon: number,
  nonce: string,
  coldAllowance: number,
) => Promise<[number, number]>;
type Pause = (pausedUntil: string, ms: number) => Promise<number>;

export class SlidingWindowLimiter {
  private readonly keys;
  readonly windowMs: number;
  readonly horizonMs: number;
  readonly safetyMarginMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    provider: string,
    private readonly options: SlidingWindowOptions,
  ) {
    this.keys = limiterKeys(prefix, provider);
    this.safetyMarginMs = options.safetyMarginMs ?? defaultSafetyMarginMs(options.durationMs);
    this.windowMs = options.durationMs + this.safetyMarginMs;
    this.horizonMs = options.horizonMs ?? Math.min(options.durationMs, 1_000);
    redis.defineCommand('cancelqAcquire', { numberOfKeys: 2, lua: ACQUIRE_LUA });
    redis.defineCommand('cancelqPause', { numberOfKeys: 1, lua: PAUSE_LUA });
  }

  /** Asks for a slot for one provider call. */
  async acquire(): Promise<Acquisition> {
    const acquire = (this.redis as unknown as { cancelqAcquire: Acquire }).cancelqAcquire;
    const [code, ms] = await acquire.call(
      this.redis,
      this.keys.calls,
      this.keys.pausedUntil,
      this.options.max,
      this.windowMs,
      this.horizonMs,
      randomUUID(),
      this.safetyMarginMs,
    );
    return code === 0
      ? { granted: true, delayMs: ms }
      : { granted: false, retryInMs: Math.max(1, ms) };
  }

  /** Stops every worker from calling this provider for `ms` (a 429 said so). */
  async pause(ms: number): Promise<void> {
    const pause = (this.redis as unknown as { cancelqPause: Pause }).cancelqPause;
    await pause.call(this.redis, this.keys.pausedUntil, Math.max(1, Math.ceil(ms)));
  }
}
