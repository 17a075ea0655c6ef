-- A launched call's answer came back: its place in the log moves to now if that is later. The
-- provider stamped the call when it arrived, and it arrived before its answer left, so no later
-- launch is spaced from a time earlier than the real arrival (see sliding-window-launch.lua).
-- KEYS[1] the log. ARGV[1] slot id, ARGV[2] window ms. Returns 1 when the place moved, else 0.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local launched = 'L:' .. ARGV[1]
local score = redis.call('ZSCORE', KEYS[1], launched)
if not score or tonumber(score) >= now then return 0 end
redis.call('ZADD', KEYS[1], 'XX', string.format('%.3f', now), launched)
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
