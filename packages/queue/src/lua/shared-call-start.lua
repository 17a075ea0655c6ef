-- A shared call job's start, in one round trip where it took three: enlist
-- (call-pool-enlist.lua), ask for a slot (sliding-window-acquire.lua), and when the slot is now,
-- take the targets (call-pool-claim.lua). Each of the three runs here as it would alone
-- (defineScript puts each file in a function of its own: ScriptSpec.steps), in one atomic script:
-- measured on an idle provider, the three round trips were ~1.1 ms of a Planet cancel's ~2.4 ms
-- from the 202 to the provider, and a cancel is a race. A slot reserved ahead leaves the
-- targets in the pool: the job sleeps until its slot, then takes what waits then.
--
-- The acquisition's pace is decided here from what enlisting found. A call that will not fill
-- keeps the even spacing after the group's last call while a surge of its group is arriving
-- (its last call took targets less than a spacing ago), so that each call carries what the
-- surge brings meanwhile. A call that fills goes at once while the window has room, even ahead
-- of a spread call's reserved slot: waiting for that slot would only leave its targets waiting
-- (measured: 300 single-order Planet requests in 0.27 s filled calls of 100 that still waited
-- for the spacing, some orders 150 ms). A read (a lost race's settling GET) is no surge: a
-- cancel after it goes at once, as its race needs; measured before, every cancel within a
-- spacing after a GET waited up to 100 ms at 10/1s, a race lost in about two of five.
--
-- KEYS[1] pool, KEYS[2] enlisted, KEYS[3] the job's held list, KEYS[4] the pool's clock; the
-- limiter's KEYS[5] log, KEYS[6] paused-until, KEYS[7] learned max, KEYS[8] launched calls.
-- ARGV[1] job id, ARGV[2] ids per call, ARGV[3] ms an enlistment lasts, ARGV[4] room (ids the
-- call may take), ARGV[5] the spacing (ms), ARGV[6..12] the acquisition's ARGV[1..7].
-- Returns {0} when the job is not needed (not enlisted); else {1, the pace (0/1/2), then the
-- acquisition's reply (4 values, a refusal's padded with 0), then 1 and the targets taken when
-- the slot was now, or 0}.
local enlisted = enlist({ KEYS[1], KEYS[2], KEYS[3], KEYS[4] }, { ARGV[1], ARGV[2], ARGV[3] })
if enlisted[1] == 0 then return { 0 } end
local waiting, since = enlisted[2], enlisted[3]
local full = waiting >= tonumber(ARGV[2])
local pace = 0
if full then
  pace = 2
elseif since >= 0 and since < tonumber(ARGV[5]) then
  pace = 1
end
local acquired = acquire(
  { KEYS[5], KEYS[6], KEYS[7], KEYS[8] },
  { ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], tostring(pace) }
)
local reply = { 1, pace, acquired[1], acquired[2], acquired[3] or 0, acquired[4] or '0' }
if acquired[1] ~= 0 or acquired[2] ~= 0 then
  reply[7] = 0
  return reply
end
reply[7] = 1
for _, member in ipairs(claim({ KEYS[1], KEYS[4], KEYS[3], KEYS[2] }, { ARGV[4], ARGV[1] })) do
  reply[#reply + 1] = member
end
return reply
