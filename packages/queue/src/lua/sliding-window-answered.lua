-- A launched call's answer came back: its times, in the launched calls and in the log, move to
-- now if that is later. The provider stamped the call when it arrived, and it arrived before its
-- answer left, so no later launch is spaced from a time earlier than the real arrival (see
-- sliding-window-launch.lua); the log's schedule follows it.
-- KEYS[1] the log, KEYS[2] the launched calls. ARGV[1] slot id, ARGV[2] window ms.
-- Returns 1 when the launch time moved, else 0.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local at = string.format('%.3f', now)
local moved = 0
for i = 1, 2 do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score and tonumber(score) < now then
    redis.call('ZADD', KEYS[i], 'XX', at, ARGV[1])
    -- Two windows, so the answers of the next window need not extend it again.
    if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[2]) then
      redis.call('PEXPIRE', KEYS[i], 2 * tonumber(ARGV[2]))
    end
    if i == 2 then moved = 1 end
  end
end
return moved
