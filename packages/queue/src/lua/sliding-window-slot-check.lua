-- At a reserved slot, after sleeping until it: is the provider paused, and how late is it by
-- Redis's clock, the one the log is kept in? The sleep ran on this process's monotonic clock;
-- the two disagree after a late wake-up, and when the wall clock steps (NTP, a VM paused and
-- resumed: seen here as a 6 s jump). After a forward step every slot in the log looks old, so
-- the window looks empty and new calls are granted at once; a sleeper that then sent in its
-- old slot would land among them (measured: 17 calls in one second at 10/1s).
-- KEYS[1] paused-until ms. ARGV[1] the slot (epoch ms). Returns {paused for ms, ms late}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = math.max(0, math.ceil(tonumber(redis.call('GET', KEYS[1]) or '0') - now))
return { paused, math.floor(now - tonumber(ARGV[1])) }
