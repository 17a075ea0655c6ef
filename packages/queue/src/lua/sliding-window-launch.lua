-- Shared by sliding-window-acquire.lua and sliding-window-slot-check.lua: defineScript puts this
-- file before each of them (ScriptSpec.prelude).
--
-- The log (KEYS of the calls) is a schedule: the slots handed out, some ahead, for jobs that
-- sleep until them. Which calls were actually sent is a sorted set of its own, the launched
-- calls: slot id → the time it was launched, until its answer comes back, then the answer's
-- time (sliding-window-answered.lua). The provider stamps a call between its launch and its
-- answer, so a call may be launched at `now` only while fewer than `max` launched calls have a
-- time in the last window: then any `max + 1` calls that reach the provider span a window,
-- however long and however unevenly their trips took (for a call whose answer takes longer than
-- a window, only the launch is known: the one case not covered). A margin alone cannot promise
-- that: CI once saw 11 CoinW calls in one second at 10/1s, when a busy machine stretched some
-- trips past it. Both functions cost O(log n), whatever the limit (a lifted one holds thousands).

-- 0 when a call may be launched now, else the ms until it may.
local function launchWait(launched, now, window, max)
  local from = string.format('(%.3f', now - window)
  local count = redis.call('ZCOUNT', launched, from, '+inf')
  if count < max then return 0 end
  -- The window must lose its `count - max + 1` oldest launches.
  local oldest = redis.call('ZRANGEBYSCORE', launched, from, '+inf', 'WITHSCORES', 'LIMIT', count - max, 1)
  return math.max(0, tonumber(oldest[2]) + window - now)
end

-- Keeps `key` at least `ms` more. It is given a window more than that, so the calls of the
-- next window find it long enough: every write goes to the AOF and to replicas, and a busy
-- limiter extended its two keys at every call.
local function keepFor(key, ms, window)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, math.ceil(ms + window)) end
end

-- Records a launch at `at`, and forgets launches that have left the window.
local function launch(launched, id, at, now, window)
  redis.call('ZADD', launched, string.format('%.3f', at), id)
  redis.call('ZREMRANGEBYSCORE', launched, '-inf', string.format('%.3f', now - window))
  keepFor(launched, at - now + window, window)
end
