import type { CpuProfileNode, ProfilePart } from './harness/cpu-profile.ts';

type Frame = CpuProfileNode['callFrame'];

const inFile =
  (...names: string[]) =>
  (frame: Frame) =>
    names.some((name) => frame.url.includes(name));
const named =
  (...functions: string[]) =>
  (frame: Frame) =>
    functions.includes(frame.functionName);

/**
 * The parts of one provider call, as the worker's profile shows them. A sample goes to the first
 * part with a frame on its stack, so the parts of our own code come first (they run under
 * BullMQ's processor frames and send through ioredis), BullMQ and the Redis client last: what
 * lands there is their own work (fetching, completing and locking jobs; reading replies).
 */
export const CALL_PARTS: ProfilePart[] = [
  { part: 'payload validation (zod)', matches: inFile('/zod/') },
  {
    part: 'limiter: slot round trips',
    matches: (f) =>
      inFile('take-slot.ts', 'sliding-window-limiter.ts')(f) || named('slotOrHandBack')(f),
  },
  {
    part: 'job log lines (Bull Board)',
    matches: (f) => named('recordedCall', 'formatCallRecord', 'servedLine')(f) || isJobLog(f),
  },
  { part: 'metrics', matches: inFile('metrics-recorder.ts', '/prom-client/') },
  { part: 'call pool: enlist, claim, release', matches: inFile('call-pool.ts') },
  { part: 'outcome records (Lua script)', matches: inFile('outcome-store.ts') },
  { part: 'classification of the answer', matches: inFile('/classify.ts', 'classify-status.ts') },
  {
    part: 'provider HTTP (undici)',
    matches: (f) =>
      inFile('/undici/', '/providers/src/http/', '-client.ts')(f) ||
      /^node:(_http|http|internal\/http)/.test(f.url),
  },
  { part: 'logging (pino)', matches: inFile('/pino/', '/pino-std-serializers/') },
  {
    part: 'our job runner (run-job, shared call, settle)',
    matches: (f) => f.url.includes('/apps/worker/src/') || f.url.includes('/packages/queue/src/'),
  },
  { part: "BullMQ's own (fetch, lock, complete)", matches: inFile('/bullmq/', '/msgpackr/') },
  {
    part: 'Redis client (ioredis: replies, sockets)',
    matches: inFile('/ioredis/', '/redis-parser/'),
  },
  { part: 'garbage collection', matches: named('(garbage collector)') },
];

export const OTHER_PART = 'other (Node internals, timers, program)';

/** `job.log` and its script (`addLog`), which runs after an await: no frame of ours above it. */
function isJobLog(frame: Frame): boolean {
  return ['log', 'addLog'].includes(frame.functionName) && frame.url.includes('/bullmq/');
}
