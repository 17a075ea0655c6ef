-- At a reserved slot, after sleeping until it: is the provider paused, how late is it by
-- Redis's clock, and must it still wait for a call one window back?
--
-- Late: the sleep ran on this process's monotonic clock; Redis's, the one the log is kept in,
-- disagrees after a late wake-up, and when the wall clock steps (NTP, a VM paused and resumed:
-- seen here as a 6 s jump). After a forward step every slot in the log looks old, so the window
-- looks empty and new calls are granted at once; a sleeper that then sent in its old slot would
-- land among them (measured: 17 calls in one second at 10/1s).
--
-- Early: the slot was reserved up to a horizon ahead, from the log as it was then. Since, the
-- call `max` places before it may have had its answer, and its place moved to that time
-- (sliding-window-answered.lua): the provider may have stamped it that late. The slot must then
-- be a window after the moved place, not the reserved one; it moves by the difference, and the
-- caller waits that much more. This is what keeps a window at the provider from holding `max + 1`
-- calls when their trips there take different times (measured before this check: a burst spread
-- over 100 ms on a busy machine, and 11 calls in a second one window later).
--
-- KEYS[1] paused-until ms, KEYS[2] the log. ARGV[1] the slot (epoch ms), ARGV[2] its slot id,
-- ARGV[3] the configured max, ARGV[4] window ms. Returns {paused for ms, ms late, ms early}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
local early = 0
local rank = redis.call('ZRANK', KEYS[2], ARGV[2])
local max, window = tonumber(ARGV[3]), tonumber(ARGV[4])
if paused == 0 and rank and rank >= max then
  local bound = tonumber(redis.call('ZRANGE', KEYS[2], rank - max, rank - max, 'WITHSCORES')[2])
  early = math.ceil(bound + window - now)
  if early > 0 then
    local own = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[2]))
    redis.call('ZADD', KEYS[2], 'XX', string.format('%.3f', own + early), ARGV[2])
    if redis.call('PTTL', KEYS[2]) < early + window then
      redis.call('PEXPIRE', KEYS[2], math.ceil(early + window))
    end
  else
    early = 0
  end
end
return { paused, math.floor(now - tonumber(ARGV[1])), early }
