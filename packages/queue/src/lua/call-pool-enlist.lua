-- Should this call job take a slot? Every acceptance brings call jobs enough for its own
-- targets, but a call carries what waits from every cancellation, so most of them find their
-- targets already carried. Only as many jobs as the waiting targets need hold a slot at once
-- (`enlisted`, until they take their targets); the others end without a provider call. An
-- enlisted job that dies leaves the list after ARGV[3] ms; BullMQ runs it again, and it
-- enlists anew. KEYS[1] pool, KEYS[2] enlisted, KEYS[3] the job's held list.
-- ARGV[1] job id, ARGV[2] ids per call, ARGV[3] ms an enlistment lasts.
-- Returns {1 or 0, targets waiting}.
local waiting = redis.call('ZCARD', KEYS[1])
if redis.call('EXISTS', KEYS[3]) == 1 then return { 1, waiting } end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local enlisted = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not enlisted and waiting <= redis.call('ZCARD', KEYS[2]) * tonumber(ARGV[2]) then
  return { 0, waiting }
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
return { 1, waiting }
