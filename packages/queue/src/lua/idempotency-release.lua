-- Gives up an Idempotency-Key claim whose acceptance failed, so a retry may claim it anew; but
-- only while it still says in_flight: an acceptance transaction that Redis applied after all
-- has put its answer there, and that answer stays (idempotency.ts).
-- KEYS[1] the key. Returns 1 when the claim was released, else 0.
if redis.call('GET', KEYS[1]) == 'in_flight' then return redis.call('DEL', KEYS[1]) end
return 0
