/**
 * Writes new outcome records — each record hash, its pending targets and their expiry — in one
 * script call per request. Why a script: as plain commands, a batch of 1,000 cancellations is
 * 4,000 HSET/PEXPIRE commands, and each one costs the API (a command object, a promise, garbage)
 * and Redis (parsing, queueing in the MULTI) more than the work it carries. It runs inside the
 * accepting MULTI, so it is as atomic as the rest of the acceptance.
 *
 * KEYS: record1, targets1, record2, targets2, … (declared, so every key is known to Redis)
 * ARGV[1] retention ms; ARGV[2] JSON [[fields k/v…], pendingTargetJSON, [target ids…]] per record
 */
export const WRITE_RECORDS_LUA = `
local retention = ARGV[1]
local records = cjson.decode(ARGV[2])
local CHUNK = 500
for i, r in ipairs(records) do
  local record, targets = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('HSET', record, unpack(r[1]))
  redis.call('PEXPIRE', record, retention)
  local ids, pending = r[3], r[2]
  if #ids > 0 then
    for first = 1, #ids, CHUNK do
      local args = {}
      for j = first, math.min(first + CHUNK - 1, #ids) do
        args[#args + 1] = ids[j]
        args[#args + 1] = pending
      end
      redis.call('HSET', targets, unpack(args))
    end
    redis.call('PEXPIRE', targets, retention)
  end
end
return #records
`;
