-- A call's slot has come: it takes up to ARGV[1] waiting targets, lowest scores first, and
-- holds them under its own key until it has settled them. A call that already holds targets is
-- the same job run again after its worker died: it gets them back, to send again, and takes
-- nothing more. Either way it is no longer enlisted. The clock keeps when a call last took
-- targets (`claimed_at`, ms): reads that yield to cancels tell a surge still arriving by it.
-- KEYS[1] pool, KEYS[2] clock, KEYS[3] the call's held list, KEYS[4] enlisted. ARGV[1] room,
-- ARGV[2] job id.
redis.call('ZREM', KEYS[4], ARGV[2])
local held = redis.call('LRANGE', KEYS[3], 0, -1)
if #held > 0 then return held end
local room = tonumber(ARGV[1])
if room <= 0 then return {} end
local popped = redis.call('ZPOPMIN', KEYS[1], room)
if #popped == 0 then return {} end
local members = {}
for i = 1, #popped, 2 do members[#members + 1] = popped[i] end
local t = redis.call('TIME')
local clock = { 'claimed_at', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) }
local level = math.floor(tonumber(popped[#popped]) / 1048576)
if level > tonumber(redis.call('HGET', KEYS[2], 'level') or '0') then
  clock[3], clock[4] = 'level', level
end
-- One write: each goes to the AOF and to replicas.
redis.call('HSET', KEYS[2], unpack(clock))
redis.call('RPUSH', KEYS[3], unpack(members))
return members
