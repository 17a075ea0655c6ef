/**
 * The waiting targets of a call group are one sorted set; each member is
 * `<cancellation id>\t<target id>`. Fairness across cancellations comes from the scores, as in
 * start-time fair queuing: a cancellation's k-th target is scored `V + k`, where V (the group's
 * clock) is the score of the last target a call took. A call takes the lowest scores, so a
 * cancellation that arrives while a 10,000-id one drains starts level with the next of its
 * targets instead of behind all of them, and the big one keeps its turn among many small ones.
 * Why by hand: BullMQ's open-source edition has no batches and no groups (both are Pro).
 */

/**
 * Adds cancellations' targets to a group's pool; runs inside the accepting MULTI.
 * KEYS[1] pool, KEYS[2] clock. ARGV: per cancellation its id, its target count T, T ids.
 */
export const POOL_ADD_LUA = `
local v = tonumber(redis.call('GET', KEYS[2]) or '0')
local at, added = 1, 0
while at <= #ARGV do
  local id, count = ARGV[at], tonumber(ARGV[at + 1])
  local args = {}
  for k = 0, count - 1 do
    args[#args + 1] = v + k
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
 * A call's slot has come: it takes up to ARGV[1] waiting targets, lowest scores first, and
 * holds them under its own key until it has settled them (CALL_RELEASE). A call that already
 * holds targets is the same job run again after its worker died: it gets them back, to send
 * again, and takes nothing more. KEYS[1] pool, KEYS[2] clock, KEYS[3] the call's held list.
 */
export const POOL_CLAIM_LUA = `
local held = redis.call('LRANGE', KEYS[3], 0, -1)
if #held > 0 then return held end
local room = tonumber(ARGV[1])
if room <= 0 then return {} end
local popped = redis.call('ZPOPMIN', KEYS[1], room)
if #popped == 0 then return {} end
local members = {}
for i = 1, #popped, 2 do members[#members + 1] = popped[i] end
local last = popped[#popped]
if tonumber(last) > tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('SET', KEYS[2], last)
end
redis.call('RPUSH', KEYS[3], unpack(members))
return members
`;
