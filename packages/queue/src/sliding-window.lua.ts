/**
 * The sliding-window limiter's scripts, used by sliding-window-limiter.ts; the design is told
 * above ACQUIRE_LUA. Each runs atomically in Redis, on Redis's clock, so workers' clocks
 * cannot disagree.
 */

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
export const ACQUIRE_LUA = `
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
export const ANSWERED_LUA = `
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
export const THROTTLED_LUA = `
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

export const PAUSED_FOR_LUA = `
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
export const SLOT_CHECK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
return { paused, math.floor(now - tonumber(ARGV[1])) }
`;

export const IN_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return redis.call('ZCOUNT', KEYS[1], string.format('%.3f', now - tonumber(ARGV[1])), '+inf')
`;
