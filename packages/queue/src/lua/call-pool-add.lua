-- The call pool (call-pool.ts): the waiting targets of a call group are one sorted set; each
-- member is `<cancellation id>\t<target id>`. Fairness across cancellations comes from the
-- scores, as in start-time fair queuing: a cancellation's k-th target waits at level `V + 1 + k`,
-- where V (the group's clock) is the level of the last target a call took, and within a level
-- targets go in the order they arrived. A call takes the lowest scores (call-pool-claim.lua). So
-- a cancellation that arrives while a 10,000-id one drains goes right after the big one's next
-- target, not behind all of them; and the big one keeps a turn in every level, however many
-- small ones keep coming: a level takes new targets only until a call reaches it. Score:
-- level · 2^20 + arrival number (mod 2^20, so the order within one level may slip once in a
-- million arrivals).
-- Why by hand: BullMQ's open-source edition has no batches and no groups (both are Pro).
--
-- Adds cancellations' targets to a group's pool; runs inside the accepting MULTI.
-- KEYS[1] pool, KEYS[2] clock (hash: level, arrivals). ARGV: per cancellation its id, its
-- target count T, T ids.
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
    args[#args + 1] = id .. '\t' .. ARGV[at + 2 + k]
    if #args >= 1000 then redis.call('ZADD', KEYS[1], unpack(args)); args = {} end
  end
  if #args > 0 then redis.call('ZADD', KEYS[1], unpack(args)) end
  added = added + count
  at = at + 2 + count
end
return added
