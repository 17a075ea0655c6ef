-- Trims the cancellation indexes (list pages) of what the retention has removed, when the
-- retention is shorter than the week a pending record is kept (record-expiry.ts, tracksPending).
-- An index entry goes the retention after its cancellation's acceptance, but never while an
-- older cancellation is still pending: a backlog can keep one pending past a retention of an
-- hour (PlanOmatic's 100 calls a minute take 100 minutes for 10,000 orders), and a list page must
-- still find it. The pending cancellations are KEYS[1], by acceptance ms (accept.ts adds them,
-- resolve-targets.lua takes each out as it completes). One accepted more than that week ago has
-- no record left to list (its record expired pending): it no longer holds the trim back.
-- Entries between the oldest pending one and the retention's bound stay; a page passes over
-- those whose records have expired, as it does any (ListPages.list).
--
-- KEYS[1] pending-since, KEYS[2..] the indexes. ARGV[1] the retention's bound (ms: an entry
-- accepted before it has expired), ARGV[2] the week's bound (ms).
-- Returns the entries removed.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
local bound = tonumber(ARGV[1])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then bound = math.min(bound, tonumber(oldest[2])) end
-- An index member is `<acceptance ms, 15 digits>:<id>` (indexMember): every member below this
-- one was accepted before the bound.
local below = '(' .. string.format('%015d', bound)
local removed = 0
for i = 2, #KEYS do removed = removed + redis.call('ZREMRANGEBYLEX', KEYS[i], '-', below) end
return removed
