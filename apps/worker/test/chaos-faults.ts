/** The chaos drill's fault schedule, and how to read what struck and when from a call log. */
import type { SimCall, SimFault } from '@cancelq/test-utils';

/** Every fault kind the simulators have that the worker must survive, in the order they strike. */
const FAULT_KINDS: SimFault[] = [
  { kind: '500' },
  { kind: '502', body: 'html' },
  { kind: '429', retry_after_s: 1 },
  { kind: 'hang' },
  { kind: '500', after_effect: true },
  { kind: 'reset' },
  { kind: '503', body: 'text' },
  { kind: 'reset', after_effect: true },
  { kind: 'malformed' },
  { kind: '429', body: 'text', retry_after_s: 1 },
  { kind: 'hang', after_effect: true },
  { kind: '502' },
  { kind: 'malformed', after_effect: true },
  { kind: '502', after_effect: true },
];

/** Calls each fault lets through between two of the schedule's: one call in four is faulted. */
const GAP = 3;

/**
 * Fault i strikes call (GAP + 1)·(i + 1): it skips GAP·(i + 1) calls, the calls the faults
 * before it took not among them (a skipped call goes on to the next fault, and counts there).
 */
export const FAULT_SCHEDULE: SimFault[] = FAULT_KINDS.map((fault, i) => ({
  ...fault,
  count: 1,
  skip: GAP * (i + 1),
}));

/** What a call log says a fault was, e.g. `502 html`, `reset after effect`. */
export function faultLabel(fault: Pick<SimCall, 'fault' | 'fault_body' | 'after_effect'>): string {
  return [fault.fault, fault.fault_body, fault.after_effect === true ? 'after effect' : null]
    .filter((part) => part !== null && part !== undefined)
    .join(' ');
}

export const SCHEDULED_LABELS = FAULT_KINDS.map((f) =>
  faultLabel({ fault: f.kind, fault_body: f.body, after_effect: f.after_effect }),
).sort();

/** The calls of the busiest second (ms from its first call, status, fault): what a failure shows. */
export function densestSecond(calls: SimCall[]): string {
  let best: SimCall[] = [];
  for (let first = 0, last = 0; first < calls.length; first += 1) {
    while (last < calls.length && calls[last]!.at_ms - calls[first]!.at_ms < 1_000) last += 1;
    if (last - first > best.length) best = calls.slice(first, last);
  }
  const start = best[0]?.at_ms ?? 0;
  return best
    .map(
      (c) => `+${Math.round(c.at_ms - start)}ms ${c.status ?? '-'}${c.fault ? ` ${c.fault}` : ''}`,
    )
    .join(', ');
}

/** A 429 the simulator's own limiter answered (not an injected one): we went over its limit. */
export const overLimit = (call: SimCall & { code?: number | null }) =>
  call.fault === null && (call.status === 429 || call.code === 29001);
