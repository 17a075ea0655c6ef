-- The sliding-window limiter (sliding-window-limiter.ts) asks here for a slot for one provider
-- call. Like every sliding-window-*.lua script it runs atomically in Redis, on Redis's clock, so
-- workers' clocks cannot disagree.
--
-- Why not BullMQ's `limiter`: it counts *fixed* windows (a counter that expires), so up to
-- 2×max jobs can start within one sliding window that straddles a boundary — measured here,
-- 19 starts in one second under {max: 10, duration: 1000}. Providers count sliding windows.
--
-- This is a sliding-window log in Redis, shared by every worker process: a sorted set of the
-- times calls are (or will be) sent. A new call gets the earliest slot at which the window
-- ending there holds fewer than `max` calls: `max(now, latest slot, slot[n-max] + window)`.
-- Slots are handed out in increasing order, so any `max + 1` consecutive calls span at least
-- one window — the sliding-window rule, by construction.
--
-- An idle provider gets a burst of up to `max` calls at once (a trader's panic, a Planet race).
-- Once the window is full — a backlog — each slot is also at least `window / max` after the
-- previous one. Same rate, but calls go out one at a time instead of in bursts: a burst's calls
-- contend with each other and reach the provider with delays that differ from one burst to the
-- next (measured: a cold first burst spread over 62 ms, the next over 36 ms), which is exactly
-- what puts `max + 1` arrivals into one window although their slots were a window apart.
--
-- A call granted while the window still has room goes out at once, but is recorded one margin
-- later than that: such calls are the ones that open connections and wake cold code paths (a
-- TLS handshake, at a real provider), so they reach the provider later than a warm call would;
-- the call one window after them must leave room for that (measured here: 10–15 ms, at times
-- past the margin). Calls in a backlog are warm and recorded at their slot.
--
-- - A slot due now is launched at once when the launched calls leave room (see
--   sliding-window-launch.lua, which this script begins with); otherwise it is reserved.
-- - A slot within `horizonMs` is *reserved* and the job sleeps until it in-process: no lag
--   between a slot freeing and the next call, and no churn of jobs bouncing through Redis
--   (which, on a small machine, is itself what delays calls).
-- - A slot further out is refused: the job hands the wait to BullMQ (`queue.rateLimit` +
--   `RateLimitError`), so no attempt is used and every worker stops fetching until then: until
--   all but the next three spacings of the horizon are free, not only its first slot. A worker
--   fetches as many jobs as its concurrency allows at once, and all but one would come straight
--   back (measured in a backlog at 10/1s: 5.7 trips per call, each a job moved to active and
--   back with its lock and events, 10 KB of AOF and much of the worker's CPU per call; 1.6 with
--   half the horizon). The three slots still reserved keep the calls going meanwhile, and the
--   horizon holds a worker's whole concurrency beyond them (defaultHorizonMs), so what one worker
--   fetches then finds a slot.
-- - Time is Redis's clock, so workers' clocks cannot disagree. A job sleeps until its slot on
--   its own monotonic clock, so it re-checks the slot against Redis's when it wakes
--   (sliding-window-slot-check.lua): neither a late wake-up nor a step of the wall clock sends
--   it out of place.
--
-- `window` is the provider's duration plus a safety margin. Launches are spaced from answers
-- (sliding-window-launch.lua), which bounds the provider's stamps whatever the trips took; the
-- margin is a cushion on top (a provider that counts a little differently, clock granularity),
-- and it keeps the schedule of reservations close to when calls can actually be launched. It
-- costs `margin / duration` of the rate.
--
-- A provider 429 pauses the whole provider through `pausedUntil`, which every acquisition
-- honours, so calls already fetched by any worker wait too, not only jobs not yet fetched.
--
-- KEYS[1] the log (sorted set: slot id → recorded ms), KEYS[2] paused-until ms, KEYS[3] the
-- learned max (hash: max, changed_at, decreased_at; see sliding-window-throttled.lua), KEYS[4]
-- the launched calls (see sliding-window-launch.lua).
-- ARGV[1] configured max, ARGV[2] window ms, ARGV[3] horizon ms, ARGV[4] slot id, ARGV[5] cold
-- allowance ms (the margin), ARGV[6] recovery step, ARGV[7] ms per recovery step, ARGV[8] the
-- pace (sliding-window-limiter.ts, Pace): '0' in turn, '1' spread after the previous call even
-- while the window has room, '2' a call that fills: at once while the window has room, even
-- ahead of slots reserved for spread calls (it is what they were spread to wait for).
-- Returns {0, delay ms, 1 when a burst, slot ms} when granted; {-1, retry in ms} when the window
-- is full past the horizon; {-2, retry in ms} while the provider is paused.
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
if n > 0 and n < max then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  if last > now + cold and ARGV[8] ~= '2' then
    -- Slots are still reserved ahead (a backlog whose window thinned while its jobs waited for
    -- a refill): this one goes after them, in order, like any slot of a backlog. A call that
    -- fills goes before them: with fewer than `max` slots in the log, past and reserved, one
    -- more leaves every window that holds a reserved slot within `max`.
    slot, recorded, burst = last + window / max, last + window / max, 0
  elseif ARGV[8] == '1' then
    slot = math.max(now, last - cold + window / max)
    recorded = slot + cold
  end
end
if n >= max then
  burst = 0
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  local bound = tonumber(redis.call('ZRANGE', KEYS[1], n - max, n - max, 'WITHSCORES')[2])
  slot = math.max(now, last, bound + window, last + window / max)
  recorded = slot
end
if slot <= now then
  -- Due now: launched here if the launched calls leave room, else reserved for when they will.
  local wait = launchWait(KEYS[4], now, window, max)
  if wait == 0 then
    redis.call('ZADD', KEYS[1], string.format('%.3f', recorded), ARGV[4])
    keepFor(KEYS[1], recorded - now + window, window)
    launch(KEYS[4], ARGV[4], recorded, now, window)
    return { 0, 0, burst, string.format('%.3f', now) }
  end
  slot, recorded, burst = now + wait, now + wait, 0
end
if slot - now > horizon then
  local refill = math.max(0, horizon - 3 * window / max)
  return { -1, math.ceil(slot - now - horizon + refill) }
end
redis.call('ZADD', KEYS[1], string.format('%.3f', recorded), ARGV[4])
keepFor(KEYS[1], recorded - now + window, window)
return { 0, math.floor(slot - now), burst, string.format('%.3f', slot) }
