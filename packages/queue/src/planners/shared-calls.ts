import type { PlannedJob } from '../planned-job.ts';

/**
 * The call jobs a cancellation of shared calls brings: as many as its own targets need at
 * `perCall` ids a call. Each carries whatever waits in the group when its slot comes, which
 * may be other cancellations' targets; so some of them may find nothing left and end at once,
 * without a provider call. Never fewer: every waiting target is sure of a call.
 */
export function sharedCalls(
  label: string,
  targets: number,
  perCall: number,
  job: (index: number) => PlannedJob,
): PlannedJob[] {
  const count = Math.ceil(targets / perCall);
  return Array.from({ length: count }, (_, i) => {
    const planned = job(i + 1);
    planned.name = `${label} · shared call ${i + 1}/${count} · ${idCount(targets)} added, up to ${perCall} a call`;
    return planned;
  });
}

export function idCount(n: number): string {
  return `${n} ${n === 1 ? 'id' : 'ids'}`;
}
