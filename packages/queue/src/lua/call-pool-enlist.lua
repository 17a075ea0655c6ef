-- Should this call job take a slot? Every acceptance brings call jobs enough for its own
-- targets, but a call carries what waits from every cancellation, so most of them find their
-- targets already carried. Only as many jobs as the waiting targets need hold a slot at once
-- (`enlisted`, until they take their targets); the others end without a provider call. An
-- enlisted job that dies leaves the list after ARGV[3] ms; BullMQ runs it again, and it
-- enlists anew. Also says how long ago a call of the group last took targets (the clock's
-- `claimed_at`): a surge is still arriving when that was less than a spacing ago.
-- KEYS[1] pool, KEYS[2] enlisted, KEYS[3] the job's held list, KEYS[4] clock.
-- ARGV[1] job id, ARGV[2] ids per call, ARGV[3] ms an enlistment lasts.
-- Returns {1 or 0, targets waiting, ms since a call last took targets (-1: never)}.
local waiting = redis.call('ZCARD', KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local claimed = redis.call('HGET', KEYS[4], 'claimed_at')
local since = claimed and math.max(0, now - tonumber(claimed)) or -1
if redis.call('EXISTS', KEYS[3]) == 1 then return { 1, waiting, since } end
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local enlisted = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not enlisted and waiting <= redis.call('ZCARD', KEYS[2]) * tonumber(ARGV[2]) then
  return { 0, waiting, since }
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
-- Kept twice an enlistment's life, so the enlistments of the next one need not extend it again.
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], 2 * ttl) end
return { 1, waiting, since }
