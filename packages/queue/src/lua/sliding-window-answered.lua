-- A call's answer came back: its place in the log moves to now if that is later. The provider
-- stamped the call when it arrived, and it arrived before its answer left: so the call `max`
-- places after it is spaced a window from a time no earlier than the real arrival, however
-- late this call reached the provider and however its trip varied (a busy worker or provider,
-- a burst whose calls contend, jitter on the way). That call checks this place when it wakes
-- (sliding-window-slot-check.lua). The cost is the call's round trip in every window of `max`
-- calls; the guarantee holds without any margin for the trip.
-- KEYS[1] the log. ARGV[1] slot id, ARGV[2] window ms. Returns 1 when the slot moved, else 0.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) >= now then return 0 end
redis.call('ZADD', KEYS[1], 'XX', string.format('%.3f', now), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
