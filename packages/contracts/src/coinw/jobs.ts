import { z } from 'zod';
import { nonEmptyIds, type NonEmptyArray } from '../request-fields.ts';
import type { CoinwCallJob } from '../shared-call.ts';
import { COINW_POS_TYPES } from './pos-types.ts';

/** CoinW's hard maximum of ids per batch cancel; configuration may lower it, never raise it. */
export const COINW_BATCH_MAX = 20;

/** One signed `DELETE /v1/perpum/batchOrders` call for at most 20 ids. */
export const coinwCancelJob = z.object({
  kind: z.literal('coinw.cancel'),
  cancellationId: z.string(),
  sourceIds: nonEmptyIds.max(COINW_BATCH_MAX).transform((ids) => ids as NonEmptyArray<string>),
  posType: z.enum(COINW_POS_TYPES).optional(),
  chunk: z.number().int().optional(),
  chunks: z.number().int().optional(),
  /** Which halves of the chunk this is after CoinW rejected it for its content, e.g. `ab`. */
  half: z.string().optional(),
  throttled: z.number().int().optional(),
});

export type CoinwCancelJob = z.output<typeof coinwCancelJob>;
export type CoinwJob = CoinwCancelJob | CoinwCallJob;
