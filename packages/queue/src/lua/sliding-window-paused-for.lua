-- Milliseconds the provider is still paused for by Redis's clock (0 when it is not).
-- KEYS[1] paused-until ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
