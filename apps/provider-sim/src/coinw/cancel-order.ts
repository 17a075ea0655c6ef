import type { Outcome } from '../common/outcome.ts';
import { invalidParameter, paramRequired, positionNotFound, success } from './answers.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { idText, type Params } from './read-params.ts';

/**
 * `DELETE /v1/perpum/order` with `id`: cancels one open order. Unknown, cancelled and filled
 * orders all answer 9012 `Position not found.` (documented for unknown ids; spec §3 infers the
 * rest), so a client cannot tell "already cancelled" from "filled" without asking. Another
 * account's (not `owner`'s) order answers the same.
 */
export function cancelOrder(store: OrderStore, params: Params, owner: string): Outcome {
  const raw = params.id;
  if (raw === undefined || raw === null || raw === '') return paramRequired();
  const text = idText(raw);
  const id = text === null ? null : parseOrderId(text);
  if (id === null) {
    return invalidParameter(`id is not a valid order id: ${text ?? JSON.stringify(raw)}`);
  }
  return store.cancel(id, null, owner) ? success() : positionNotFound();
}
