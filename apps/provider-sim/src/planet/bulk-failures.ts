import { BadRequest } from '../common/bad-request.ts';
import { asObject, optionalArray, optionalNumber, optionalString } from '../common/validate.ts';
import { parseOrderId } from './order-id.ts';

/**
 * Planet's bulk answer lists per-order failures under HTTP 200, with any message (spec §1: the
 * documented one is "Order not in a cancellable state"; others are [UNKNOWN]). A rule makes the
 * bulk cancel answer some of the ids it names as failed with a transient message, without
 * cancelling them: what a client must retry, alone, while the rest of the call succeeded.
 */
export const DEFAULT_TRANSIENT_MESSAGE = 'Internal error, please retry';

export interface BulkFailureRule {
  /** Only these ids may be failed (canonical, lowercase). Absent: any id a bulk call names. */
  order_ids?: string[];
  /** Probability, 0..1, that each id the rule may fail is failed. Absent: 1, every one. */
  share?: number;
  /** The failure's message. Default "Internal error, please retry". */
  message: string;
  /** Bulk calls the rule strikes (fails at least one id of), then it retires. Absent: no limit. */
  count?: number;
}

interface ActiveRule extends BulkFailureRule {
  ids: Set<string> | null;
  remaining: number;
}

export function parseBulkFailures(body: unknown): BulkFailureRule[] {
  const list = optionalArray(asObject(body), 'failures');
  if (list === undefined) throw new BadRequest('failures must be an array');
  return list.map((item, i) => {
    const raw = asObject(item, `failures[${i}]`);
    const known = ['order_ids', 'share', 'message', 'count'];
    const unknown = Object.keys(raw).find((key) => !known.includes(key));
    if (unknown !== undefined) {
      throw new BadRequest(
        `unknown field ${unknown} in failures[${i}]; known: ${known.join(', ')}`,
      );
    }
    const rule: BulkFailureRule = {
      message: optionalString(raw, 'message') ?? DEFAULT_TRANSIENT_MESSAGE,
    };
    if (rule.message.trim() === '')
      throw new BadRequest(`failures[${i}].message must not be empty`);
    const ids = optionalArray(raw, 'order_ids');
    if (ids !== undefined) {
      rule.order_ids = ids.map((id, j) => {
        const canonical = typeof id === 'string' ? parseOrderId(id) : null;
        if (canonical === null)
          throw new BadRequest(`failures[${i}].order_ids[${j}] must be a UUID`);
        return canonical;
      });
    }
    const share = optionalNumber(raw, 'share', { max: 1 });
    const count = optionalNumber(raw, 'count', { integer: true, min: 1 });
    if (share !== undefined) rule.share = share;
    if (count !== undefined) rule.count = count;
    return rule;
  });
}

/**
 * The active rules of one simulator instance. Each id of a bulk call is tried against the
 * rules in the order added; the first that may fail it and wins its dice roll does. A rule's
 * `count` is spent once per call it struck, however many ids it failed there.
 */
export class BulkFailures {
  private active: ActiveRule[] = [];

  add(rules: readonly BulkFailureRule[]): void {
    for (const rule of rules) {
      this.active.push({
        ...rule,
        ids: rule.order_ids === undefined ? null : new Set(rule.order_ids),
        remaining: rule.count ?? Infinity,
      });
    }
  }

  list(): BulkFailureRule[] {
    return this.active
      .filter((rule) => rule.remaining > 0)
      .map(({ ids: _ids, remaining: _remaining, ...rule }) => rule);
  }

  clear(): void {
    this.active = [];
  }

  /** The ids (canonical) of one bulk call to fail, each with its message. */
  strike(ids: readonly string[]): Map<string, string> {
    const struck = new Map<string, string>();
    const spent = new Set<ActiveRule>();
    for (const id of ids) {
      for (const rule of this.active) {
        if (rule.remaining <= 0) continue;
        if (rule.ids !== null && !rule.ids.has(id)) continue;
        if (rule.share !== undefined && Math.random() >= rule.share) continue;
        struck.set(id, rule.message);
        spent.add(rule);
        break;
      }
    }
    for (const rule of spent) rule.remaining--;
    return struck;
  }
}
