-- Shared by sliding-window-acquire.lua and sliding-window-slot-check.lua: defineScript puts this
-- file before each of them (ScriptSpec.prelude).
--
-- The log holds two kinds of entries. `R:<slot id>` is a reservation: a slot handed out ahead,
-- whose job sleeps until it; reservations only schedule. `L:<slot id>` is a launched call: it
-- is sent once the script that launched it returns, and its score is the launch time until its
-- answer comes back, then the answer's time (sliding-window-answered.lua). The provider stamps a
-- call between its launch and its answer, so a call may be launched at `now` only while fewer
-- than `max` launched calls have a score in the last window: then any `max + 1` calls that reach
-- the provider span a window, however long and however unevenly their trips took (for a call
-- whose answer takes longer than a window, only the launch is known: the one case not covered).
-- A margin alone cannot promise that: CI once saw 11 CoinW calls in one second at 10/1s, when a
-- busy machine stretched some trips past it.
--
-- Returns 0 when a call may be launched now, else the ms until it may.
local function launchWait(log, now, window, max)
  local scored = redis.call('ZRANGEBYSCORE', log, string.format('(%.3f', now - window), '+inf', 'WITHSCORES')
  local launched = {}
  for i = 1, #scored, 2 do
    if string.sub(scored[i], 1, 2) == 'L:' then launched[#launched + 1] = tonumber(scored[i + 1]) end
  end
  if #launched < max then return 0 end
  -- In score order: the window must lose its `#launched - max + 1` oldest launches.
  return math.max(0, launched[#launched - max + 1] + window - now)
end
