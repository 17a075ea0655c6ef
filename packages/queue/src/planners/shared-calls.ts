import { callGroupKey, callGroupOf, type CancellationRequest } from '@cancelq/contracts';
import type { PlannedJob } from '../planned-job.ts';

/**
 * The call jobs a cancellation of shared calls brings: as many as its own targets need at
 * `perCall` ids a call. Each carries whatever waits in the group when its slot comes, which
 * may be other cancellations' targets; so some of them may find nothing left and end at once,
 * without a provider call. Never fewer: every waiting target is sure of a call.
 */
export function sharedCalls(
  request: CancellationRequest,
  label: string,
  targets: number,
  perCall: number,
  job: (index: number) => PlannedJob,
): PlannedJob[] {
  const group = callGroupOf(request);
  if (!group) throw new Error(`${request.provider} requests of this kind have no call group`);
  const count = Math.ceil(targets / perCall);
  return Array.from({ length: count }, (_, i) => ({
    ...job(i + 1),
    name: callJobName(label, i + 1, count, `${idCount(targets)} added`, perCall),
    shared: { group: callGroupKey(group), targets, perCall, label },
  }));
}

/**
 * The jobs to add for cancellations written in one transaction (a batch, or the requests
 * group-committed in one turn), in their order. Cancellations whose targets wait in the same
 * call group share its call jobs: the group gets as many as all their targets need together,
 * the first ones planned, renamed for what they carry. So a batch of 1,000 single-order Planet
 * cancellations adds 10 call jobs (at 100 ids a call), not 1,000 of which 990 would end
 * without a call. Every waiting target is still sure of a call: the jobs a transaction adds
 * cover its targets whole, as one cancellation of all of them would (lua/call-pool-enlist.lua).
 */
export function shareCallJobs(planned: readonly (readonly PlannedJob[])[]): PlannedJob[][] {
  const groups = new Map<string, { targets: number; cancellations: number; needed: number }>();
  for (const jobs of planned) {
    const share = jobs.find((job) => job.shared)?.shared;
    if (!share) continue;
    const group = groups.get(share.group) ?? { targets: 0, cancellations: 0, needed: 0 };
    group.targets += share.targets;
    group.cancellations += 1;
    group.needed = Math.ceil(group.targets / share.perCall);
    groups.set(share.group, group);
  }
  const kept = new Map<string, number>();
  return planned.map((jobs) =>
    jobs.flatMap((job) => {
      const share = job.shared;
      const group = share && groups.get(share.group);
      if (!share || !group || group.cancellations === 1) return [job];
      const index = (kept.get(share.group) ?? 0) + 1;
      if (index > group.needed) return [];
      kept.set(share.group, index);
      const name = callJobName(
        share.label,
        index,
        group.needed,
        `${idCount(group.targets)} added by ${group.cancellations} cancellations`,
        share.perCall,
      );
      return [{ ...job, name }];
    }),
  );
}

function callJobName(
  label: string,
  index: number,
  count: number,
  added: string,
  perCall: number,
): string {
  return `${label} · shared call ${index}/${count} · ${added}, up to ${perCall} a call`;
}

export function idCount(n: number): string {
  return `${n} ${n === 1 ? 'id' : 'ids'}`;
}
