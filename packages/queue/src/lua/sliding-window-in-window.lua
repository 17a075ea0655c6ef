-- Calls in the current window by Redis's clock, the reserved ones ahead included.
-- KEYS[1] the log. ARGV[1] window ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return redis.call('ZCOUNT', KEYS[1], string.format('%.3f', now - tonumber(ARGV[1])), '+inf')
