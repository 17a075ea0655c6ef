import type { ChainableCommander } from 'ioredis';
import type { RedisConnection } from './redis.ts';
import {
  callGroupKey,
  callGroupOf,
  type CallGroup,
  type CarriedTarget,
  type CancellationRequest,
} from '@cancelq/contracts';
import { defineScript } from './define-script.ts';
import { poolKeys } from './keys.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import {
  acquisitionOf,
  paceOf,
  type Acquisition,
  type Pace,
  type AcquisitionArgs,
  type AcquisitionKeys,
} from './sliding-window-scripts.ts';

/** A waiting target as a call takes it: whose it is, and its id. */
export interface PooledTarget {
  cancellationId: string;
  id: string;
}

/**
 * Adds targets to a group's pool (see lua/call-pool-add.lua, which also tells how the pool
 * keeps cancellations fair). Acceptance queues it on its MULTI: make that MULTI with
 * `multiWith(client, [poolAdd, …])`. Args: per cancellation its id, its target count, its ids.
 */
export const poolAdd = defineScript<[pool: string, clock: string], (string | number)[], number>({
  name: 'cancelqPoolAdd',
  file: 'call-pool-add.lua',
});
const poolClaim = defineScript<
  [pool: string, clock: string, held: string, enlisted: string],
  [room: number, jobId: string],
  string[]
>({ name: 'cancelqPoolClaim', file: 'call-pool-claim.lua' });
const sharedCallStart = defineScript<
  [pool: string, enlisted: string, held: string, clock: string, ...limiter: AcquisitionKeys],
  [
    jobId: string,
    perCall: number,
    ttlMs: number,
    room: number,
    spacingMs: number,
    ...AcquisitionArgs,
  ],
  (string | number)[]
>({
  name: 'cancelqSharedCallStart',
  file: 'shared-call-start.lua',
  prelude: 'sliding-window-launch.lua',
  steps: {
    enlist: 'call-pool-enlist.lua',
    acquire: 'sliding-window-acquire.lua',
    claim: 'call-pool-claim.lua',
  },
});
const poolActivity = defineScript<[pool: string, clock: string], [], [number, number]>({
  name: 'cancelqPoolActivity',
  file: 'call-pool-activity.lua',
});

const SEPARATOR = '\t';

function parseMember(member: string): PooledTarget {
  const at = member.indexOf(SEPARATOR);
  return { cancellationId: member.slice(0, at), id: member.slice(at + 1) };
}

/**
 * The waiting targets of shared calls (see lua/call-pool-add.lua). Targets enter at
 * acceptance, in the accepting transaction; a call job takes them when its slot comes and holds
 * them under its job id until its outcomes are written, so a worker killed mid-call loses none:
 * the job runs again and finds them held.
 */
export class CallPool {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {
    for (const script of [poolAdd, poolClaim, poolActivity, sharedCallStart])
      script.defineOn(redis);
  }

  /** Puts targets to wait in a group, as an acceptance does (a call hands them on). */
  async put(group: CallGroup, targets: readonly CarriedTarget[]): Promise<void> {
    const byCancellation = new Map<string, string[]>();
    for (const [cancellationId, id] of targets) {
      byCancellation.set(cancellationId, [...(byCancellation.get(cancellationId) ?? []), id]);
    }
    const args: (string | number)[] = [];
    for (const [cancellationId, ids] of byCancellation)
      args.push(cancellationId, ids.length, ...ids);
    const keys = poolKeys(this.prefix, callGroupKey(group));
    await poolAdd(this.redis, [keys.pool, keys.clock], args);
  }

  /**
   * A call job's start in one round trip (lua/shared-call-start.lua), on the limiter's
   * connection. Should job `jobId` take a slot: does it hold targets from an earlier run, or do
   * the waiting targets need one more call than the jobs already enlisted will make
   * (lua/call-pool-enlist.lua)? Not: `{enlisted: false}`, the job ends without a call. Else a
   * slot from `limiter` (spread after the group's last call while a surge arrives, at once when
   * the call fills), and when the slot is now, up to `room` targets taken as `claim` takes them
   * (`claimed`; null when the slot is ahead: claim when it comes). `pace` is what the
   * acquisition was asked, for asking again.
   */
  async start(
    group: CallGroup,
    jobId: string,
    limiter: SlidingWindowLimiter,
    call: { perCall: number; ttlMs: number; room: number },
  ): Promise<
    | { enlisted: false }
    | {
        enlisted: true;
        acquisition: Acquisition;
        pace: Pace;
        claimed: PooledTarget[] | null;
      }
  > {
    const keys = poolKeys(this.prefix, callGroupKey(group));
    const input = limiter.acquisitionInput();
    const reply = await sharedCallStart(
      limiter.connection,
      [keys.pool, keys.enlisted, keys.held(jobId), keys.clock, ...input.keys],
      [jobId, call.perCall, Math.ceil(call.ttlMs), call.room, limiter.spacingMs, ...input.args],
    );
    if (reply[0] === 0) return { enlisted: false };
    const [, pace, code, ms, burst, slotAt, took, ...members] = reply;
    return {
      enlisted: true,
      acquisition: acquisitionOf(
        [Number(code), Number(ms), Number(burst), String(slotAt)],
        input.slotId,
      ),
      pace: paceOf(Number(pace)),
      claimed: took === 1 ? members.map((member) => parseMember(String(member))) : null,
    };
  }

  /** Takes up to `room` waiting targets for job `jobId` (or what it already holds). */
  async claim(group: CallGroup, jobId: string, room: number): Promise<PooledTarget[]> {
    const keys = poolKeys(this.prefix, callGroupKey(group));
    const members = await poolClaim(
      this.redis,
      [keys.pool, keys.clock, keys.held(jobId), keys.enlisted],
      [room, jobId],
    );
    return members.map(parseMember);
  }

  /** The job has written its outcomes and queued its follow-ups: it holds nothing now. */
  async release(group: CallGroup, jobId: string): Promise<void> {
    await this.redis.del(poolKeys(this.prefix, callGroupKey(group)).held(jobId));
  }

  /** What job `jobId` holds: taken for its call and not yet settled. */
  async held(group: CallGroup, jobId: string): Promise<PooledTarget[]> {
    const members = await this.redis.lrange(
      poolKeys(this.prefix, callGroupKey(group)).held(jobId),
      0,
      -1,
    );
    return members.map(parseMember);
  }

  /**
   * How busy a group's cancels are: targets waiting, and ms since a call last took some (null
   * if none ever did), by Redis's clock.
   */
  async activity(group: CallGroup): Promise<{ waiting: number; sinceClaimMs: number | null }> {
    const keys = poolKeys(this.prefix, callGroupKey(group));
    const [waiting, since] = await poolActivity(this.redis, [keys.pool, keys.clock], []);
    return { waiting, sinceClaimMs: since < 0 ? null : since };
  }

  /** Targets waiting in a group (for metrics and tests). */
  async waiting(group: CallGroup): Promise<number> {
    return this.redis.zcard(poolKeys(this.prefix, callGroupKey(group)).pool);
  }
}

/**
 * Queues, on the acceptance's MULTI, the pool insert of every cancellation whose calls are
 * shared: one script call per group, so a batch of 1,000 single-order requests is one command.
 * The MULTI must carry `poolAdd` (made with `multiWith`).
 */
export function addToPools(
  multi: ChainableCommander,
  prefix: string,
  cancellations: readonly { id: string; request: CancellationRequest; targetIds: string[] }[],
): void {
  const byGroup = new Map<string, (string | number)[]>();
  for (const { id, request, targetIds } of cancellations) {
    const group = callGroupOf(request);
    if (!group || targetIds.length === 0) continue;
    const key = callGroupKey(group);
    const args = byGroup.get(key) ?? [];
    args.push(id, targetIds.length);
    for (const target of targetIds) args.push(target);
    byGroup.set(key, args);
  }
  for (const [group, args] of byGroup) {
    const keys = poolKeys(prefix, group);
    poolAdd(multi, [keys.pool, keys.clock], args);
  }
}
