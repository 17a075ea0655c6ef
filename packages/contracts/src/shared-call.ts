import { z } from 'zod';
import { COINW_POS_TYPES, type CoinwPosType } from './coinw/pos-types.ts';

/**
 * Shared calls: where a provider takes many ids per call (Planet bulk cancel, CoinW batch
 * cancel), one call carries the waiting targets of many cancellations. A cancellation's targets
 * wait in its group's pool (Redis); a call job takes as many as fit when its slot comes.
 */

/** The providers whose calls are shared across cancellations. */
export const SHARED_CALL_PROVIDERS = ['planet', 'coinw'] as const;
export type SharedCallProvider = (typeof SHARED_CALL_PROVIDERS)[number];

/**
 * Only targets that could go in one call together share one: the same provider, the same
 * credentials (the account) and the same call parameters (CoinW's `posType`, which the call
 * states once for all its ids). This is the one place that says so.
 */
export interface CallGroup {
  provider: SharedCallProvider;
  account: string;
  posType?: CoinwPosType;
  /** Targets waiting for a call of another kind: Planet's refused orders, to be settled. */
  stage?: 'settle';
}

export function callGroupKey(group: CallGroup): string {
  const key = `${group.provider}:${group.account}:${group.posType ?? '-'}`;
  return group.stage ? `${key}:${group.stage}` : key;
}

/**
 * A target as a call carries it: the cancellation it belongs to (the same order may be in
 * several), its id, and how many calls have already named it (for the attempts limit).
 */
export const carriedTarget = z.tuple([z.string(), z.string().min(1), z.number().int().min(0)]);
export type CarriedTarget = z.output<typeof carriedTarget>;

const sharedCallFields = {
  /** The cancellation whose acceptance (or call) made this job: for its name in Bull Board. */
  cancellationId: z.string(),
  /**
   * Targets this call must carry: ids to send again after a transient failure, or one half of
   * a CoinW call being split. Absent on the jobs an acceptance adds: they carry what waits.
   */
  carry: z.array(carriedTarget).optional(),
  /** Carry exactly `carry` and take nothing that waits (a half of a split CoinW call). */
  pinned: z.boolean().optional(),
  /** Which halves of a split call this is, e.g. `ab`. */
  half: z.string().optional(),
  throttled: z.number().int().optional(),
};

/** One `DELETE /v1/perpum/batchOrders` carrying up to 20 waiting targets of one posType. */
export const coinwCallJob = z.object({
  kind: z.literal('coinw.call'),
  posType: z.enum(COINW_POS_TYPES).optional(),
  ...sharedCallFields,
});

/** One Planet cancel call (bulk POST, or PUT for a single id) carrying waiting targets. */
export const planetCallJob = z.object({ kind: z.literal('planet.call'), ...sharedCallFields });

/**
 * Settles orders Planet refused to cancel ("not in a cancellable state"): lost races, mostly.
 * One `GET /orders/v2?state=running&last_modified=<since>/<until>` page answers for every refused
 * order it lists, of any cancellation; what no page lists is settled by a GET of its own.
 */
export const planetSettleJob = z.object({
  kind: z.literal('planet.settle'),
  ...sharedCallFields,
  /** When the refusals began, less a margin (RFC 3339): the list's `last_modified` start. */
  since: z.iso.datetime(),
  /** The query of Planet's `_links.next`, for every page after the first. */
  pageQuery: z.string().optional(),
  /** Pages this listing may still read before the rest is settled one GET each. */
  pagesLeft: z.number().int().min(1).optional(),
});

export type CoinwCallJob = z.output<typeof coinwCallJob>;
export type PlanetCallJob = z.output<typeof planetCallJob>;
export type PlanetSettleJob = z.output<typeof planetSettleJob>;
export type SharedCallJob = CoinwCallJob | PlanetCallJob | PlanetSettleJob;
export const SHARED_CALL_KINDS = ['coinw.call', 'planet.call', 'planet.settle'] as const;

export function isSharedCallJob(job: { kind: string }): job is SharedCallJob {
  return (SHARED_CALL_KINDS as readonly string[]).includes(job.kind);
}

/** The ids a shared call has been told to carry; what else it carries is decided when its slot comes. */
export function carriedIds(job: SharedCallJob): string[] {
  return [...new Set((job.carry ?? []).map(([, id]) => id))];
}

/** The group a call job carries targets of: its queue's account (a call never mixes accounts). */
export function callGroupOfJob(job: SharedCallJob, account: string): CallGroup {
  switch (job.kind) {
    case 'coinw.call':
      return coinwGroup(account, job.posType);
    case 'planet.call':
      return { provider: 'planet', account };
    case 'planet.settle':
      return { provider: 'planet', account, stage: 'settle' };
  }
}

/** CoinW's group: a call states `posType` once for all its ids (see CallGroup). */
export function coinwGroup(account: string, posType: CoinwPosType | undefined): CallGroup {
  return { provider: 'coinw', account, ...(posType ? { posType } : {}) };
}
