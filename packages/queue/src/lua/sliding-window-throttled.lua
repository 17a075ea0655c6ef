-- A 429 while we keep to our own limit means the provider's limit is lower than configured
-- (admin-managed limits change without notice, or another client shares the budget). Besides
-- pausing the provider, it halves a *learned* max — once per window, since the 429s of one
-- crowded window are one signal — that every acquisition uses instead of the configured max.
-- Acquisitions raise it again by a tenth of the configured max after every RECOVERY_WINDOWS
-- (sliding-window-limiter.ts) windows without a 429: additive increase, multiplicative
-- decrease, as TCP does. A provider that halved its limit so costs one 429 per slow probe, not
-- one per job.
-- KEYS[1] paused-until ms, KEYS[2] the learned max. ARGV[1] pause ms, ARGV[2] configured max,
-- ARGV[3] window ms, ARGV[4] ms per recovery step. Returns the max now in force.
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
