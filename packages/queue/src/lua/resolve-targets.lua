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
-- KEYS[1] record hash, KEYS[2] targets hash, KEYS[3] outcomes metrics hash, KEYS[4] outbox,
-- KEYS[5] the request (its expiry follows the record's)
-- ARGV[1] now (ISO), ARGV[2] retention ms, ARGV[3] JSON [{id, outcome, detail?, attempts?, call?}]
-- ARGV[4] open-work delta, ARGV[5] anonymous cancellations to add (Planet's bulk count),
-- ARGV[6] '1' when the provider has now told the total, ARGV[7] the events channel, ARGV[8] the
-- cancellation's id, ARGV[9] now (epoch ms), ARGV[10] '1' when every completion has a webhook.
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

local record, targets, counted = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', record) == 0 then return -1 end
local now = ARGV[1]
local provider = redis.call('HGET', record, 'provider')
local account = redis.call('HGET', record, 'account')
if account and account ~= '' and account ~= 'default' then provider = provider .. '@' .. account end
local providerSaid = { cancelled = true, not_cancellable = true, not_found = true }
local updatedMs = ARGV[9]
for _, u in ipairs(cjson.decode(ARGV[3])) do
  local raw = redis.call('HGET', targets, u.id)
  local cur
  if raw then
    cur = readTarget(raw)
  else
    -- A target the provider named that the request did not (Planet's cancel-all failures).
    cur = { outcome = 'pending', attempts = 0 }
    redis.call('HINCRBY', record, 'pending', 1)
    redis.call('HINCRBY', record, 'total', 1)
  end
  -- An update's detail: absent keeps the target's, null clears it.
  local detail = u.detail
  if detail == cjson.null then detail = nil end
  if cur.outcome == 'pending' then
    cur.attempts = cur.attempts + (tonumber(u.attempts) or 0)
    if u.detail ~= nil then cur.detail = detail end
    if u.call ~= nil then cur.call = u.call end
    if u.outcome ~= 'pending' then
      redis.call('HINCRBY', record, 'pending', -1)
      redis.call('HINCRBY', record, u.outcome, 1)
      redis.call('HINCRBY', counted, provider .. '|' .. u.outcome, 1)
      cur.outcome = u.outcome
    end
    redis.call('HSET', targets, u.id, storedTarget(cur, updatedMs))
  elseif cur.outcome == 'failed' and providerSaid[u.outcome] then
    cur.attempts = cur.attempts + (tonumber(u.attempts) or 0)
    cur.detail = detail
    if u.call ~= nil then cur.call = u.call end
    redis.call('HINCRBY', record, 'failed', -1)
    redis.call('HINCRBY', record, u.outcome, 1)
    redis.call('HINCRBY', counted, provider .. '|' .. u.outcome, 1)
    cur.outcome = u.outcome
    redis.call('HSET', targets, u.id, storedTarget(cur, updatedMs))
  end
end
-- Only a change is written: every write goes to the AOF, and most calls change no open work.
local open
if tonumber(ARGV[4]) ~= 0 then
  open = redis.call('HINCRBY', record, 'open', tonumber(ARGV[4]))
else
  open = tonumber(redis.call('HGET', record, 'open') or '0')
end
local anonymous = tonumber(ARGV[5])
if anonymous > 0 then
  redis.call('HINCRBY', record, 'cancelled', anonymous)
  redis.call('HINCRBY', record, 'total', anonymous)
  redis.call('HINCRBY', counted, provider .. '|cancelled', anonymous)
end
if ARGV[6] == '1' then redis.call('HSET', record, 'total_known', '1') end
local pending = tonumber(redis.call('HGET', record, 'pending'))
local state = redis.call('HGET', record, 'state')
local changed = { 'updated_at', now }
if pending <= 0 and open <= 0 then
  if state ~= 'completed' then
    state = 'completed'
    changed = { 'state', state, 'completed_at', now, 'updated_at', now }
    -- Records written before the request had a key of its own keep it as a field.
    local request = redis.call('GET', KEYS[5]) or redis.call('HGET', record, 'request') or ''
    if ARGV[10] == '1' or string.find(request, '"callback_url"', 1, true) then
      redis.call('ZADD', KEYS[4], ARGV[9], ARGV[8])
    end
  end
elseif state == 'queued' then
  state = 'in_progress'
  changed = { 'state', state, 'updated_at', now }
end
redis.call('HSET', record, unpack(changed))
local version = redis.call('HINCRBY', record, 'version', 1)
redis.call('PUBLISH', ARGV[7], ARGV[8] .. ' ' .. version)
redis.call('PEXPIRE', record, ARGV[2])
redis.call('PEXPIRE', targets, ARGV[2])
redis.call('PEXPIRE', KEYS[5], ARGV[2])
return { state, pending, open }
