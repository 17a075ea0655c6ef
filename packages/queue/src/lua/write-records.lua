-- Writes new outcome records — each record hash, its request, its pending targets and their
-- expiry — in one script call per request. Why a script: as plain commands, a batch of 1,000
-- cancellations is 5,000 HSET/SET/PEXPIRE commands, and each one costs the API (a command
-- object, a promise, garbage) and Redis (parsing, queueing in the MULTI) more than the work it
-- carries. It runs inside the accepting MULTI, so it is as atomic as the rest of the acceptance. The records come as flat
-- arguments rather than JSON: decoding a batch's JSON in Lua cost more than the writes.
--
-- KEYS: record1, targets1, request1, record2, … (declared, so every key is known to Redis)
-- ARGV: how long they are kept (ms: the retention and a slack, record-expiry.ts), then per
--       record: field count F, F name/value pairs, the request JSON ('' when the record's
--       `request_summary` is the request: no key then), the pending target value, target
--       count T, T target ids
local keptFor = ARGV[1]
local at = 2
local CHUNK = 500
for i = 1, #KEYS, 3 do
  local record, targets = KEYS[i], KEYS[i + 1]
  local fields = tonumber(ARGV[at])
  redis.call('HSET', record, unpack(ARGV, at + 1, at + 2 * fields))
  redis.call('PEXPIRE', record, keptFor)
  at = at + 2 * fields + 1
  if ARGV[at] ~= '' then redis.call('SET', KEYS[i + 2], ARGV[at], 'PX', keptFor) end
  at = at + 1
  local pending, count = ARGV[at], tonumber(ARGV[at + 1])
  at = at + 2
  if count > 0 then
    for first = at, at + count - 1, CHUNK do
      local args = {}
      for j = first, math.min(first + CHUNK - 1, at + count - 1) do
        args[#args + 1] = ARGV[j]
        args[#args + 1] = pending
      end
      redis.call('HSET', targets, unpack(args))
    end
    redis.call('PEXPIRE', targets, keptFor)
  end
  at = at + count
end
return #KEYS / 3
