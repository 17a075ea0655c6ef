/**
 * The waiting targets of a call group are one sorted set; each member is
 * `<cancellation id>\t<target id>`. Fairness across cancellations comes from the scores, as in
 * start-time fair queuing: a cancellation's k-th target waits at level `V + 1 + k`, where V (the
 * group's clock) is the level of the last target a call took, and within a level targets go in
 * the order they arrived. A call takes the lowest scores. So a cancellation that arrives while
 * a 10,000-id one drains goes right after the big one's next target, not behind all of them;
 * and the big one keeps a turn in every level, however many small ones keep coming: a level
 * takes new targets only until a call reaches it. Score: level · 2^20 + arrival number (mod
 * 2^20, so the order within one level may slip once in a million arrivals).
 * Why by hand: BullMQ's open-source edition has no batches and no groups (both are Pro).
 */

/**
 * Adds cancellations' targets to a group's pool; runs inside the accepting MULTI.
 * KEYS[1] pool, KEYS[2] clock (hash: level, arrivals). ARGV: per cancellation its id, its
 * target count T, T ids.
 */
export const POOL_ADD_LUA = `
local SPAN = 1048576
local v = tonumber(redis.call('HGET', KEYS[2], 'level') or '0')
local total, at = 0, 1
while at <= #ARGV do
  total = total + tonumber(ARGV[at + 1])
  at = at + 2 + tonumber(ARGV[at + 1])
end
-- Numbered in one step for the whole call: its targets arrive in the order they are given.
local arrival = redis.call('HINCRBY', KEYS[2], 'arrivals', total) - total
local added = 0
at = 1
while at <= #ARGV do
  local id, count = ARGV[at], tonumber(ARGV[at + 1])
  local args = {}
  for k = 0, count - 1 do
    args[#args + 1] = (v + 1 + k) * SPAN + (arrival + added + k) % SPAN
    args[#args + 1] = id .. '\\t' .. ARGV[at + 2 + k]
    if #args >= 1000 then redis.call('ZADD', KEYS[1], unpack(args)); args = {} end
  end
  if #args > 0 then redis.call('ZADD', KEYS[1], unpack(args)) end
  added = added + count
  at = at + 2 + count
end
return added
`;

/**
 * Should this call job take a slot? Every acceptance brings call jobs enough for its own
 * targets, but a call carries what waits from every cancellation, so most of them find their
 * targets already carried. Only as many jobs as the waiting targets need hold a slot at once
 * (`enlisted`, until they take their targets); the others end without a provider call. An
 * enlisted job that dies leaves the list after ARGV[3] ms; BullMQ runs it again, and it
 * enlists anew. KEYS[1] pool, KEYS[2] enlisted, KEYS[3] the job's held list.
 * ARGV[1] job id, ARGV[2] ids per call, ARGV[3] ms an enlistment lasts.
 * Returns {1 or 0, targets waiting}.
 */
export const POOL_ENLIST_LUA = `
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
`;

/**
 * A call's slot has come: it takes up to ARGV[1] waiting targets, lowest scores first, and
 * holds them under its own key until it has settled them. A call that already holds targets is
 * the same job run again after its worker died: it gets them back, to send again, and takes
 * nothing more. Either way it is no longer enlisted. KEYS[1] pool, KEYS[2] clock, KEYS[3] the
 * call's held list, KEYS[4] enlisted. ARGV[1] room, ARGV[2] job id.
 */
export const POOL_CLAIM_LUA = `
redis.call('ZREM', KEYS[4], ARGV[2])
local held = redis.call('LRANGE', KEYS[3], 0, -1)
if #held > 0 then return held end
local room = tonumber(ARGV[1])
if room <= 0 then return {} end
local popped = redis.call('ZPOPMIN', KEYS[1], room)
if #popped == 0 then return {} end
local members = {}
for i = 1, #popped, 2 do members[#members + 1] = popped[i] end
local level = math.floor(tonumber(popped[#popped]) / 1048576)
if level > tonumber(redis.call('HGET', KEYS[2], 'level') or '0') then
  redis.call('HSET', KEYS[2], 'level', level)
end
redis.call('RPUSH', KEYS[3], unpack(members))
return members
`;
