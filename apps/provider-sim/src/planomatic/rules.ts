import type { OrderStatus } from './order.ts';

/**
 * Which body field carries the integration token. The docs disagree (spec/providers.md §2): the
 * cancel page says "Integration api token" (`api_token`), the other V3 pages and the
 * validation-errors page say `api_key`. `either` accepts both, `api_token` first.
 */
export const TOKEN_FIELDS = ['api_token', 'api_key', 'either'] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

export const DEFAULT_TOKEN_FIELD: TokenField = 'api_token';

/** "new_request, ordered, or scheduling, and no confirmed appointments" [DOC cancel-order]. */
export const DEFAULT_CANCELABLE: readonly OrderStatus[] = ['new_request', 'ordered', 'scheduling'];

/**
 * The PlanOmatic rules a test may change while the simulator runs: both are "admin-managed" or
 * unknown at the real provider. Strings and sets, so they live here rather than in the numeric
 * `/config` settings. Reset restores the instance's defaults.
 */
export class PlanomaticRules {
  tokenField: TokenField;
  /** In the order the admin gave them; messages list them in that order. */
  cancelable: OrderStatus[];

  constructor(private readonly defaultTokenField: TokenField) {
    this.tokenField = defaultTokenField;
    this.cancelable = [...DEFAULT_CANCELABLE];
  }

  reset(): void {
    this.tokenField = this.defaultTokenField;
    this.cancelable = [...DEFAULT_CANCELABLE];
  }
}
