import type { Request } from 'express';
import type { CallDescription } from '../common/provider.ts';
import { idText, readParams } from './read-params.ts';
import { readRequest } from './read-request.ts';

export const BATCH_CANCEL_PATH = '/v1/perpum/batchOrders';
export const CANCEL_ORDER_PATH = '/v1/perpum/order';

/**
 * What a CoinW call is about, for the call log: `ids` are the `sourceIds` (or the single `id`)
 * as sent, in order, numbers by their source text; `body_kind` is the batch's `posType` as sent,
 * null when absent. Reads the call best effort, so rejected calls are described too.
 */
export function describeCoinwCall(req: Request): CallDescription {
  const request = readRequest(req);
  const read = readParams(request);
  if ('error' in read) return { ids: [], body_kind: null };
  const { params } = read;
  if (request.path === BATCH_CANCEL_PATH) {
    const list = params.sourceIds;
    const ids = Array.isArray(list) ? list.map(idText).filter((id) => id !== null) : [];
    const posType = params.posType;
    return { ids, body_kind: typeof posType === 'string' ? posType : null };
  }
  if (request.path === CANCEL_ORDER_PATH) {
    const id = idText(params.id);
    return { ids: id === null ? [] : [id], body_kind: null };
  }
  return { ids: [], body_kind: null };
}
