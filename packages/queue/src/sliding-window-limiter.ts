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
 * - Time is Redis's clock, so workers' clocks cannot disagree. A job sleeps until its slot on
 *   its own monotonic clock, so it re-checks the slot against Redis's when it wakes
 *   (SLOT_CHECK_LUA): neither a late wake-up nor a step of the wall clock sends it out of place.
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
if pausedUntil > now then return { -2, math.ceil(pausedUntil - now) } end
local max, window, horizon, cold = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
local learned = redis.call('HMGET', KEYS[3], 'max', 'changed_at')
if learned[1] then
  local lmax, changed = tonumber(learned[1]), tonumber(learned[2])
  local step, every = tonumber(ARGV[6]), tonumber(ARGV[7])
  local steps = math.floor((now - changed) / every)
  if steps > 0 then
    lmax = lmax + steps * step
    if lmax >= max then
      redis.call('DEL', KEYS[3])
    else
      redis.call('HSET', KEYS[3], 'max', lmax, 'changed_at', string.format('%.3f', changed + steps * every))
    end
  end
  max = math.min(max, lmax)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
local n = redis.call('ZCARD', KEYS[1])
local slot, recorded, burst = now, now + cold, 1
if n > 0 and n < max and ARGV[8] == '1' then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  slot = math.max(now, last - cold + window / max)
  recorded = slot + cold
end
if n >= max then
  burst = 0
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  local bound = tonumber(redis.call('ZRANGE', KEYS[1], n - max, n - max, 'WITHSCORES')[2])
  slot = math.max(now, last, bound + window, last + window / max)
  recorded = slot
end
if slot - now > horizon then return { -1, math.ceil(slot - now - horizon) } end
redis.call('ZADD', KEYS[1], string.format('%.3f', recorded), ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(recorded - now + window))
return { 0, math.floor(slot - now), burst, string.format('%.3f', slot) }
`;

/**
 * A burst call's answer came back: its place in the log moves to now if that is later. The
 * provider stamped the call when it arrived, and it arrived before its answer left: so the
 * call's window partner is spaced from a time no earlier than the real arrival, however late
 * the burst reached the provider (measured under load: one burst of 18 calls spread over
 * 230 ms at the provider, far past the margin). Only bursts: in a backlog calls go one at a
 * time, and moving them by the provider's latency would cost that much of every window.
 */
const ANSWERED_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) >= now then return 0 end
redis.call('ZADD', KEYS[1], 'XX', string.format('%.3f', now), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

/**
 * A 429 while we keep to our own limit means the provider's limit is lower than configured
 * (admin-managed limits change without notice, or another client shares the budget). Besides
 * pausing the provider, it halves a *learned* max — once per window, since the 429s of one
 * crowded window are one signal — that every acquisition uses instead of the configured max.
 * Acquisitions raise it again by a tenth of the configured max after every RECOVERY_WINDOWS
 * windows without a 429: additive increase, multiplicative decrease, as TCP does. A provider
 * that halved its limit so costs one 429 per slow probe, not one per job.
 */
const THROTTLED_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pauseMs, configured, window, every = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local untilMs = now + pauseMs
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(pauseMs))
end
local learned = redis.call('HMGET', KEYS[2], 'max', 'decreased_at')
local max = tonumber(learned[1]) or configured
if now - (tonumber(learned[2]) or 0) >= window then
  max = math.max(1, math.floor(max / 2))
  local stamp = string.format('%.3f', now)
  redis.call('HSET', KEYS[2], 'max', max, 'changed_at', stamp, 'decreased_at', stamp)
  -- Gone by itself once it would have recovered fully anyway.
  redis.call('PEXPIRE', KEYS[2], math.ceil((configured - max + 1) * every + window))
end
return max
`;

/** Windows without a 429 before the learned max grows by a tenth of the configured max. */
export const RECOVERY_WINDOWS = 5;

export interface SlidingWindowOptions {
  max: number;
  durationMs: number;
  /** Extra ms added to the window; defaults to `defaultSafetyMarginMs(durationMs)`. */
  safetyMarginMs?: number;
  /** How far ahead a slot may be reserved; defaults to min(duration, 1 s). */
  horizonMs?: number;
}

/**
 * Either send after `delayMs` (a slot is reserved), or come back in `retryInMs`: because the
 * window is full, or because a 429 paused the provider (`paused`). A `burst` grant went out
 * while the window had room: report its answer with `answered(slotId)`.
 */
export type Acquisition =
  | {
      granted: true;
      delayMs: number;
      slotId: string;
      burst: boolean;
      /** The slot on Redis's clock (epoch ms), for `checkSlot`. */
      slotAtMs: number;
    }
  | { granted: false; retryInMs: number; paused: boolean };

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
  learnedMax: string,
  max: number,
  window: number,
  horizon: number,
  nonce: string,
  coldAllowance: number,
  recoveryStep: number,
  recoveryMs: number,
  spreadBurst: string,
) => Promise<[number, number, number?, string?]>;
type Answered = (calls: string, slotId: string, windowMs: number) => Promise<number>;
type Throttled = (
  pausedUntil: string,
  learned: string,
  pauseMs: number,
  configuredMax: number,
  window: number,
  recoveryMs: number,
) => Promise<number>;
type PausedFor = (pausedUntil: string) => Promise<number>;
type InWindow = (calls: string, windowMs: number) => Promise<number>;

const IN_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return redis.call('ZCOUNT', KEYS[1], string.format('%.3f', now - tonumber(ARGV[1])), '+inf')
`;
type SlotCheck = (pausedUntil: string, slotAtMs: number) => Promise<[number, number]>;

const PAUSED_FOR_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
`;

/**
 * At a reserved slot, after sleeping until it: is the provider paused, and how late is it by
 * Redis's clock, the one the log is kept in? The sleep ran on this process's monotonic clock;
 * the two disagree after a late wake-up, and when the wall clock steps (NTP, a VM paused and
 * resumed: seen here as a 6 s jump). After a forward step every slot in the log looks old, so
 * the window looks empty and new calls are granted at once; a sleeper that then sent in its
 * old slot would land among them (measured: 17 calls in one second at 10/1s).
 */
const SLOT_CHECK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
return { paused, math.floor(now - tonumber(ARGV[1])) }
`;

export class SlidingWindowLimiter {
  private readonly keys;
  readonly windowMs: number;
  readonly horizonMs: number;
  readonly safetyMarginMs: number;
  /** The configured most calls per window. */
  readonly max: number;
  private readonly recoveryMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    provider: string,
    private readonly options: SlidingWindowOptions,
  ) {
    this.keys = limiterKeys(prefix, provider);
    this.max = options.max;
    this.safetyMarginMs = options.safetyMarginMs ?? defaultSafetyMarginMs(options.durationMs);
    this.windowMs = options.durationMs + this.safetyMarginMs;
    this.horizonMs = options.horizonMs ?? Math.min(options.durationMs, 1_000);
    this.recoveryMs = this.windowMs * RECOVERY_WINDOWS;
    redis.defineCommand('cancelqAcquire', { numberOfKeys: 3, lua: ACQUIRE_LUA });
    redis.defineCommand('cancelqThrottled', { numberOfKeys: 2, lua: THROTTLED_LUA });
    redis.defineCommand('cancelqPausedFor', { numberOfKeys: 1, lua: PAUSED_FOR_LUA });
    redis.defineCommand('cancelqAnswered', { numberOfKeys: 1, lua: ANSWERED_LUA });
    redis.defineCommand('cancelqSlotCheck', { numberOfKeys: 1, lua: SLOT_CHECK_LUA });
    redis.defineCommand('cancelqInWindow', { numberOfKeys: 1, lua: IN_WINDOW_LUA });
  }

  /**
   * Asks for a slot for one provider call. `spread`: even while the window has room, keep the
   * even spacing after the previous call instead of going at once. For a shared call that
   * would carry less than a full call: it carries whatever waits, so ten calls in the first
   * milliseconds of a surge would carry a few orders each and leave the rest a whole window to
   * wait (measured: a second without a call while 300 single-order requests came in). A call
   * that fills goes at once, as a burst.
   */
  async acquire(spread = false): Promise<Acquisition> {
    const acquire = (this.redis as unknown as { cancelqAcquire: Acquire }).cancelqAcquire;
    const slotId = randomUUID();
    const [code, ms, burst, slotAt] = await acquire.call(
      this.redis,
      this.keys.calls,
      this.keys.pausedUntil,
      this.keys.learnedMax,
      this.options.max,
      this.windowMs,
      this.horizonMs,
      slotId,
      this.safetyMarginMs,
      Math.max(1, Math.ceil(this.options.max / 10)),
      this.recoveryMs,
      spread ? '1' : '0',
    );
    return code === 0
      ? { granted: true, delayMs: ms, slotId, burst: burst === 1, slotAtMs: Number(slotAt) }
      : { granted: false, retryInMs: Math.max(1, ms), paused: code === -2 };
  }

  /** The call made in a burst slot has its answer (or gave up): see ANSWERED_LUA. */
  async answered(slotId: string): Promise<void> {
    const answered = (this.redis as unknown as { cancelqAnswered: Answered }).cancelqAnswered;
    await answered.call(this.redis, this.keys.calls, slotId, Math.ceil(this.windowMs));
  }

  /**
   * No call was made in this slot after all: it leaves the log. Safe at any time: the calls
   * actually made are a subset of a log that kept to the limit, and so keep to it too.
   */
  async release(slotId: string): Promise<void> {
    await this.redis.zrem(this.keys.calls, slotId);
  }

  /**
   * The provider answered 429: stops every worker from calling it for `pauseMs`, and lowers the
   * learned max (see THROTTLED_LUA). Returns the max now in force.
   */
  async throttled(pauseMs: number): Promise<number> {
    const throttled = (this.redis as unknown as { cancelqThrottled: Throttled }).cancelqThrottled;
    return throttled.call(
      this.redis,
      this.keys.pausedUntil,
      this.keys.learnedMax,
      Math.max(1, Math.ceil(pauseMs)),
      this.options.max,
      this.windowMs,
      this.recoveryMs,
    );
  }

  /**
   * At a reserved slot: ms the provider is still paused for (0 when it is not), and ms past the
   * slot by Redis's clock (see SLOT_CHECK_LUA).
   */
  async checkSlot(slotAtMs: number): Promise<{ pausedForMs: number; lateMs: number }> {
    const check = (this.redis as unknown as { cancelqSlotCheck: SlotCheck }).cancelqSlotCheck;
    const [pausedForMs, lateMs] = await check.call(this.redis, this.keys.pausedUntil, slotAtMs);
    return { pausedForMs, lateMs };
  }

  /** Milliseconds this provider is still paused for (0 when it is not). */
  async pausedForMs(): Promise<number> {
    const pausedFor = (this.redis as unknown as { cancelqPausedFor: PausedFor }).cancelqPausedFor;
    return pausedFor.call(this.redis, this.keys.pausedUntil);
  }

  /** Calls in the current window, the reserved ones ahead included. */
  async inWindow(): Promise<number> {
    const count = (this.redis as unknown as { cancelqInWindow: InWindow }).cancelqInWindow;
    return count.call(this.redis, this.keys.calls, this.windowMs);
  }

  /** The max in force now: the configured one, or less while recovering from 429s. */
  async currentMax(): Promise<number> {
    const learned = await this.redis.hget(this.keys.learnedMax, 'max');
    return learned === null ? this.options.max : Math.min(this.options.max, Number(learned));
  }
}
