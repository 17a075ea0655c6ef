-- Writes new outcome records — each record hash with its pending targets, its request, and
-- their expiry — in one script call per request. Why a script: as plain commands, a batch of
-- 1,000 cancellations is thousands of HSET/SET/PEXPIRE commands, and each one costs the API (a
-- command object, a promise, garbage) and Redis (parsing, queueing in the MULTI) more than the
-- work it carries. It runs inside the accepting MULTI, so it is as atomic as the rest of the
-- acceptance. The records come as flat arguments rather than JSON: decoding a batch's JSON in
-- Lua cost more than the writes.
--
-- A record's targets are fields of its own hash, `#<target id>` (stored-target.ts): one HSET
-- and one expiry per record, where a hash of their own took a key, an HSET and an expiry more.
--
-- KEYS: record1, request1, record2, … (declared, so every key is known to Redis)
-- ARGV: how long they are kept (ms: the retention and a slack, record-expiry.ts), then per
--       record: field count F, F name/value pairs, the request JSON ('' when the record's
--       `request_summary` is the request: no key then), the pending target value, target
--       count T, T target ids
local keptFor = ARGV[1]
local at = 2
-- Field/value pairs per HSET: unpack's stack bounds one command's arguments.
local CHUNK = 500
for i = 1, #KEYS, 2 do
  local record = KEYS[i]
  local fields = tonumber(ARGV[at])
  local args = { unpack(ARGV, at + 1, at + 2 * fields) }
  at = at + 2 * fields + 1
  if ARGV[at] ~= '' then redis.call('SET', KEYS[i + 1], ARGV[at], 'PX', keptFor) end
  at = at + 1
  local pending, count = ARGV[at], tonumber(ARGV[at + 1])
  at = at + 2
  for j = at, at + count - 1 do
    args[#args + 1] = '#' .. ARGV[j]
    args[#args + 1] = pending
    if #args >= 2 * CHUNK then
      redis.call('HSET', record, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call('HSET', record, unpack(args)) end
  redis.call('PEXPIRE', record, keptFor)
  at = at + count
end
return #KEYS / 2
