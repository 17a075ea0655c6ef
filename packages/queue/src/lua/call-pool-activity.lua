-- How busy a call group's cancels are: how many targets wait, and how many ms ago a call last
-- took some (-1 if none ever did). KEYS[1] pool, KEYS[2] clock. Returns {waiting, ms since}.
local waiting = redis.call('ZCARD', KEYS[1])
local claimed = redis.call('HGET', KEYS[2], 'claimed_at')
if not claimed then return { waiting, -1 } end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return { waiting, math.max(0, now - tonumber(claimed)) }
