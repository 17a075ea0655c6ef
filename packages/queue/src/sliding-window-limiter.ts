import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { limiterKeys } from './keys.ts';

/**
 * Why not BullMQ's `limiter`: it counts *fixed* windows (a counter that expires), so up to
 * 2×max jobs can start within one sliding window that straddles a boundary — measured here,
 * 19 starts in one second under {max: 10, duration: 1000}. Providers count sliding windows.
 *
 * This is a sliding-window log in Redis, shared by every worker process: a sorted set of the
 * times calls were granted. A call is granted only if fewer than `max` were granted in the last
 * `window` ms; otherwise the caller learns exactly when the oldest grant leaves the window, and
 * hands that wait to BullMQ (`queue.rateLimit` + `RateLimitError`) so no attempt is used up and
 * workers sleep instead of polling. Time is Redis's clock, so workers' clocks cannot disagree.
 *
 * `window` is the provider's duration plus a safety margin: the provider stamps a call when it
 * arrives, a little after we granted it, and that delay varies from call to call. Without a
 * margin, call n+max arriving faster than call n would land inside n's window.
 *
 * A provider 429 pauses the whole provider through `pausedUntil`, which the grant also honours,
 * so calls already fetched by any worker wait too, not only jobs not yet fetched.
 */
const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return math.ceil(pausedUntil - now) end
local max, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], string.format('%.3f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window))
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
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
}

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
  nonce: string,
) => Promise<number>;
type Pause = (pausedUntil: string, ms: number) => Promise<number>;

export class SlidingWindowLimiter {
  private readonly keys;
  readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    provider: string,
    private readonly options: SlidingWindowOptions,
  ) {
    this.keys = limiterKeys(prefix, provider);
    this.windowMs =
      options.durationMs + (options.safetyMarginMs ?? defaultSafetyMarginMs(options.durationMs));
    redis.defineCommand('cancelqAcquire', { numberOfKeys: 2, lua: ACQUIRE_LUA });
    redis.defineCommand('cancelqPause', { numberOfKeys: 1, lua: PAUSE_LUA });
  }

  /** Takes a slot for one provider call: 0 when granted, else ms to wait before asking again. */
  async tryAcquire(): Promise<number> {
    const acquire = (this.redis as unknown as { cancelqAcquire: Acquire }).cancelqAcquire;
    return acquire.call(
      this.redis,
      this.keys.calls,
      this.keys.pausedUntil,
      this.options.max,
      this.windowMs,
      randomUUID(),
    );
  }

  /** Stops every worker from calling this provider for `ms` (a 429 said so). */
  async pause(ms: number): Promise<void> {
    const pause = (this.redis as unknown as { cancelqPause: Pause }).cancelqPause;
    await pause.call(this.redis, this.keys.pausedUntil, Math.max(1, Math.ceil(ms)));
  }
}
