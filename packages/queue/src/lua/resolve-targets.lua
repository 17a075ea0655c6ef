-- Applies provider results to one cancellation record atomically, so concurrent jobs of the
-- same cancellation (chunks, reconciles, retries on other workers) can never lose a count.
--
-- Idempotent by design: jobs are delivered at least once, so a result for a target that is
-- already final changes nothing — the first final outcome wins and is counted once. With one
-- exception: `failed` says we gave up, not what the provider did. A provider's own verdict that
-- comes later (a failed job an operator retried from Bull Board once the provider was back)
-- replaces it: that is what became of the order.
--
-- Each target that turns final is also counted in the outcomes metrics hash (KEYS[3], fields
-- `<queue>|<outcome>`, the queue naming the provider and its account), in the same script, so
-- /metrics can never disagree with the records.
--
-- The call that completes a cancellation also puts its id in the webhook outbox (KEYS[4], a
-- sorted set by completion time) in the same script: its completion webhook cannot be lost
-- between the outcome and the delivery job (apps/worker/src/webhooks/relay-completions.ts).
-- Only when a webhook is due: every completion has one when ARGV[10] is '1' (CANCELQ_WEBHOOK_URL),
-- else only a request with a `callback_url` (a JSON string cannot hold that key's quoted name,
-- so a plain find is exact). Without webhooks the outbox is two AOF writes per order for nothing.
--
-- The call's own writes come first, so that a call made for an expired record still counts:
-- the limiter's note that the call has its answer (sliding-window-answered.lua, a step here:
-- a round trip fewer a call) and the call's job log lines.
--
-- A target is a field of the record, `#<target id>` (stored-target.ts); a record written before
-- keeps its targets in a hash of its own (KEYS[2]), read and written where it is found.
--
-- KEYS[1] record hash, KEYS[2] the targets hash of a record written before, KEYS[3] outcomes
-- metrics hash, KEYS[4] outbox,
-- KEYS[5] the request, if it has a key (its expiry follows the record's), KEYS[6] the pending
-- cancellations by acceptance (kept with a retention under a week: trim-indexes.lua), which
-- the call that completes one leaves; then, when ARGV[11] names a slot, the limiter's log and
-- launched calls; then optionally a job and its log, for the log lines in ARGV[13] on.
-- ARGV[1] now (ISO), ARGV[2] retention ms (what a change refreshes the expiry to), ARGV[3] JSON
-- [{id, outcome, detail?, attempts?, call?}], ARGV[4] open-work delta, ARGV[5] anonymous
-- cancellations to add (Planet's bulk count), ARGV[6] '1' when the provider has now told the
-- total, ARGV[7] the events channel, ARGV[8] the cancellation's id, ARGV[9] now (epoch ms),
-- ARGV[10] '1' when every completion has a webhook, ARGV[11] the answered call's slot id or '',
-- ARGV[12] the limiter's window ms, ARGV[13] on: job log lines (above).
-- Every call bumps the record's `version` and publishes `<id> <version>` on the events channel:
-- what GET /v1/cancellations/{id}/events streams, on every API replica.
-- Returns {state, pending, open} or -1 when the record has expired.
-- Targets are kept compactly (packages/queue/src/stored-target.ts tells the forms): '' is
-- pending and untried; an array [outcome, attempts, updated ms, detail?, call?], a call of the
-- cancellation's own job kept as its '-<n>' suffix; a JSON object is a target written before.
local cancellationId = ARGV[8]

local function readTarget(raw)
  if raw == '' then return { outcome = 'pending', attempts = 0 } end
  local stored = cjson.decode(raw)
  local t
  if stored[1] ~= nil then
    t = { outcome = stored[1], attempts = stored[2], detail = stored[4], call = stored[5] }
  else
    t = { outcome = stored.outcome, attempts = stored.attempts, detail = stored.detail, call = stored.call }
  end
  if t.detail == cjson.null then t.detail = nil end
  if t.call == cjson.null then t.call = nil end
  return t
end

local function storedTarget(t, updatedMs)
  local parts = { cjson.encode(t.outcome), string.format('%d', t.attempts), updatedMs }
  if t.detail ~= nil or t.call ~= nil then
    parts[4] = t.detail ~= nil and cjson.encode(t.detail) or 'null'
  end
  if t.call ~= nil then
    local own = cancellationId .. '-'
    if string.sub(t.call, 1, #own) == own then
      parts[5] = cjson.encode(string.sub(t.call, #cancellationId + 1))
    else
      parts[5] = cjson.encode(t.call)
    end
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local jobKey = 7
if ARGV[11] ~= '' then
  answered({ KEYS[7], KEYS[8] }, { ARGV[11], ARGV[12] })
  jobKey = 9
end
-- The job log lines of the calls that brought these results (the job, its log, ARGV[13] on),
-- written here rather than a round trip each, as BullMQ's addLog writes them: while the job
-- exists.
if #KEYS >= jobKey + 1 and #ARGV > 12 and redis.call('EXISTS', KEYS[jobKey]) == 1 then
  redis.call('RPUSH', KEYS[jobKey + 1], unpack(ARGV, 13))
end

local record, targets, counted = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', record) == 0 then return -1 end
local now = ARGV[1]
local retention = tonumber(ARGV[2])
-- The record is read once and written once (one HSET of what changed, its counters as new
-- values): every write command goes to the AOF and to replicas, so a one-order call that
-- wrote seven (four HINCRBYs, an HSET, three PEXPIREs) now writes one.
local COUNTERS = { 'pending', 'total', 'open', 'cancelled', 'not_cancellable', 'not_found', 'failed' }
local values = redis.call('HMGET', record, 'provider', 'account', 'state', 'version', unpack(COUNTERS))
local provider, account, state = values[1], values[2], values[3]
local version = tonumber(values[4] or '0') + 1
local count, touched = {}, {}
for i, name in ipairs(COUNTERS) do count[name] = tonumber(values[4 + i] or '0') end
local function add(name, n)
  if count[name] == nil then count[name] = tonumber(redis.call('HGET', record, name) or '0') end
  count[name] = count[name] + n
  touched[name] = true
end
if account and account ~= '' and account ~= 'default' then provider = provider .. '@' .. account end
-- Outcomes metrics, added up here and written once per outcome.
local finals = {}
local function countFinal(outcome, n) finals[outcome] = (finals[outcome] or 0) + n end
local providerSaid = { cancelled = true, not_cancellable = true, not_found = true }
local updatedMs = ARGV[9]
local legacy = redis.call('EXISTS', targets) == 1
local inLegacy = {}
-- Targets as this call leaves them (an id named twice sees its first update), written at once.
local seen, written = {}, {}
for _, u in ipairs(cjson.decode(ARGV[3])) do
  local cur = seen[u.id]
  if cur == nil then
    local raw = redis.call('HGET', record, '#' .. u.id)
    if not raw and legacy then
      raw = redis.call('HGET', targets, u.id)
      if raw then inLegacy[u.id] = true end
    end
    if raw then
      cur = readTarget(raw)
    else
      -- A target the provider named that the request did not (Planet's cancel-all failures).
      cur = { outcome = 'pending', attempts = 0 }
      add('pending', 1)
      add('total', 1)
    end
    seen[u.id] = cur
  end
  -- An update's detail: absent keeps the target's, null clears it.
  local detail = u.detail
  if detail == cjson.null then detail = nil end
  if cur.outcome == 'pending' then
    cur.attempts = cur.attempts + (tonumber(u.attempts) or 0)
    if u.detail ~= nil then cur.detail = detail end
    if u.call ~= nil then cur.call = u.call end
    if u.outcome ~= 'pending' then
      add('pending', -1)
      add(u.outcome, 1)
      countFinal(u.outcome, 1)
      cur.outcome = u.outcome
    end
    written[u.id] = true
  elseif cur.outcome == 'failed' and providerSaid[u.outcome] then
    cur.attempts = cur.attempts + (tonumber(u.attempts) or 0)
    cur.detail = detail
    if u.call ~= nil then cur.call = u.call end
    add('failed', -1)
    add(u.outcome, 1)
    countFinal(u.outcome, 1)
    cur.outcome = u.outcome
    written[u.id] = true
  end
end
local targetFields, legacyFields = {}, {}
for id in pairs(written) do
  if inLegacy[id] then
    legacyFields[#legacyFields + 1] = id
    legacyFields[#legacyFields + 1] = storedTarget(seen[id], updatedMs)
  else
    targetFields[#targetFields + 1] = '#' .. id
    targetFields[#targetFields + 1] = storedTarget(seen[id], updatedMs)
  end
end
for first = 1, #legacyFields, 1000 do
  redis.call('HSET', targets, unpack(legacyFields, first, math.min(first + 999, #legacyFields)))
end
if tonumber(ARGV[4]) ~= 0 then add('open', tonumber(ARGV[4])) end
local anonymous = tonumber(ARGV[5])
if anonymous > 0 then
  add('cancelled', anonymous)
  add('total', anonymous)
  countFinal('cancelled', anonymous)
end
for outcome, n in pairs(finals) do
  redis.call('HINCRBY', counted, provider .. '|' .. outcome, n)
end
local pending, open = count.pending, count.open
local completes = pending <= 0 and open <= 0 and state ~= 'completed'
-- The call that completes the record writes `completed_at` alone: `updated_at` would be the same
-- instant, kept twice (readers take the later of the two: outcome-record.ts, updatedAtOf).
local changed = { 'version', version }
if not completes then
  changed[#changed + 1] = 'updated_at'
  changed[#changed + 1] = now
end
-- A count back to zero is left out, as a new record leaves out the counts still zero (readers
-- take a missing count as 0, and so did every version before): at completion `pending` goes,
-- which puts a one-order HyperTrack record in the allocator's next smaller size class (424 →
-- 360 bytes, MEMORY USAGE on Redis 7.0), for one HDEL more in the AOF (~70 bytes).
local zeroed = {}
for name in pairs(touched) do
  if count[name] == 0 then
    zeroed[#zeroed + 1] = name
  else
    changed[#changed + 1] = name
    changed[#changed + 1] = string.format('%d', count[name])
  end
end
if #zeroed > 0 then redis.call('HDEL', record, unpack(zeroed)) end
if ARGV[6] == '1' then
  changed[#changed + 1] = 'total_known'
  changed[#changed + 1] = '1'
end
if completes then
  state = 'completed'
  changed[#changed + 1] = 'state'
  changed[#changed + 1] = state
  changed[#changed + 1] = 'completed_at'
  changed[#changed + 1] = now
  -- The request's key, else the record's `request` (records written before that key) or its
  -- `request_summary` (a request without id arrays has no key: the summary is the request).
  local request = redis.call('GET', KEYS[5])
  if not request then
    local asField = redis.call('HMGET', record, 'request', 'request_summary')
    request = asField[1] or asField[2] or ''
  end
  if ARGV[10] == '1' or string.find(request, '"callback_url"', 1, true) then
    redis.call('ZADD', KEYS[4], ARGV[9], ARGV[8])
  end
  -- Nothing is written when it was not kept there (a retention of a week or more).
  redis.call('ZREM', KEYS[6], cancellationId)
elseif state == 'queued' then
  state = 'in_progress'
  changed[#changed + 1] = 'state'
  changed[#changed + 1] = state
end
-- The record's changes and its targets' in one HSET when they fit one (every call of a few
-- targets), else the targets in chunks first: unpack's stack bounds one command's arguments.
local first = 1
while #targetFields - first + 1 > 1000 - #changed do
  local last = math.min(first + 999, #targetFields)
  redis.call('HSET', record, unpack(targetFields, first, last))
  first = last + 1
end
for i = first, #targetFields do changed[#changed + 1] = targetFields[i] end
redis.call('HSET', record, unpack(changed))
redis.call('PUBLISH', ARGV[7], ARGV[8] .. ' ' .. version)
-- Kept the retention from its last change. A record is accepted with a little more
-- (packages/queue/src/record-expiry.ts), so one that changes within that slack, most of them,
-- writes no expiry at all; after it, every change sets the retention again. A retention shorter
-- than a week is kept a week while pending (PENDING_KEPT_MS there): the change that completes
-- the record brings it down to the retention (more than the retention and the slack, at most an
-- hour, is left only of that week).
local ttl = redis.call('PTTL', record)
if ttl < retention or (completes and ttl > retention + 3600000) then
  redis.call('PEXPIRE', record, retention)
  if legacy then redis.call('PEXPIRE', targets, retention) end
  redis.call('PEXPIRE', KEYS[5], retention)
end
return { state, pending, open }
