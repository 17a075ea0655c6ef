import type { Outcome } from '../common/outcome.ts';
import { invalidParameter, paramRequired, positionNotFound, success } from './answers.ts';
import { isPosType, POS_TYPES, type PosType } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { idText, type Params } from './read-params.ts';

export interface BatchRequest {
  /** Canonical ids, in the order sent. */
  ids: string[];
  /** Only orders of this type are cancelled; null = any type. */
  posType: PosType | null;
}

/**
 * `DELETE /v1/perpum/batchOrders` parameters. A bad batch is rejected whole (nothing is
 * cancelled): missing or empty `sourceIds` → 402; more than `batch_max` ids, an id that is not a
 * positive 64-bit integer, or an unknown `posType` → code 1 naming the problem.
 */
export function parseBatchCancel(
  params: Params,
  batchMax: number,
): { request: BatchRequest } | { refusal: Outcome } {
  const list = params.sourceIds;
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    return { refusal: paramRequired() };
  }
  if (!Array.isArray(list)) return { refusal: invalidParameter('sourceIds must be a list') };
  if (list.length > batchMax) {
    return {
      refusal: invalidParameter(`sourceIds holds ${list.length} ids, at most ${batchMax} allowed`),
    };
  }
  const ids: string[] = [];
  for (const item of list) {
    const text = idText(item);
    const id = text === null ? null : parseOrderId(text);
    if (id === null) {
      const shown = text ?? JSON.stringify(item);
      return { refusal: invalidParameter(`sourceIds contains an invalid order id: ${shown}`) };
    }
    ids.push(id);
  }
  const posType = params.posType;
  if (posType !== undefined && posType !== null && !isPosType(posType)) {
    const shown = JSON.stringify(idText(posType) ?? posType);
    return {
      refusal: invalidParameter(`posType ${shown} is not one of ${POS_TYPES.join(', ')}`),
    };
  }
  return { request: { ids, posType: isPosType(posType) ? posType : null } };
}

/**
 * Cancels the open orders the batch names (of `posType`, when given). CoinW answers only
 * `{"code":0,"msg":""}`, with no per-id report (spec §3); ids that are unknown, already
 * cancelled or filled are silently skipped, unless `reject_unknown` makes an unknown id reject
 * the whole batch with 9012, before anything is cancelled. Another account's (not `owner`'s)
 * order is unknown to the caller.
 */
export function batchCancel(
  store: OrderStore,
  request: BatchRequest,
  rejectUnknown: boolean,
  owner: string,
): Outcome {
  if (rejectUnknown && request.ids.some((id) => !store.has(id, owner))) return positionNotFound();
  for (const id of request.ids) store.cancel(id, request.posType, owner);
  return success();
}
