-- At a reserved slot, after sleeping until it: is the provider paused, how late is it by
-- Redis's clock, and may the call be launched now (sliding-window-launch.lua, which this script
-- begins with)?
--
-- Late: the sleep ran on this process's monotonic clock; Redis's, the one the log is kept in,
-- disagrees after a late wake-up, and when the wall clock steps (NTP, a VM paused and resumed:
-- seen here as a 6 s jump). After a forward step every slot in the log looks old, so the window
-- looks empty and new calls are granted at once; a sleeper that then sent in its old slot would
-- land among them (measured: 17 calls in one second at 10/1s).
--
-- Early: the caller woke before its slot by Redis's clock (it sleeps from when it asked, and
-- Redis ran the acquisition a little after that): it sleeps the rest and asks again, its
-- reservation unchanged. Or the slot was reserved ahead, from the log as it was then; since,
-- calls launched before it may have had their answers late, and their times moved to then. If
-- the launched calls leave no room yet, the reservation moves to when they will and the caller
-- sleeps that much more, then asks again. Otherwise the call is launched, now.
--
-- KEYS[1] paused-until ms, KEYS[2] the log, KEYS[3] the learned max, KEYS[4] the launched calls.
-- ARGV[1] the slot (epoch ms), ARGV[2] its slot id, ARGV[3] the configured max, ARGV[4] window
-- ms. Returns {paused for ms, ms late, ms early}: launched when the first and the last are 0.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
local late = math.floor(now - tonumber(ARGV[1]))
if paused > 0 then return { paused, late, 0 } end
local window = tonumber(ARGV[4])
local max = math.min(tonumber(ARGV[3]), tonumber(redis.call('HGET', KEYS[3], 'max') or ARGV[3]))
-- A call launched by its acquisition whose answer reached its process late is checked again
-- here, to be launched at when it really goes: it is not in its own way.
redis.call('ZREM', KEYS[4], ARGV[2])
local early = math.max(-late - 1, math.ceil(launchWait(KEYS[4], now, window, max)))
if early > 0 then
  redis.call('ZADD', KEYS[2], string.format('%.3f', now + early), ARGV[2])
  keepFor(KEYS[2], early + window, window)
else
  launch(KEYS[4], ARGV[2], now, now, window)
end
return { 0, late, early }
