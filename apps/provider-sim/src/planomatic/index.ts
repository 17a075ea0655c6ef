import type { AccountSpec } from '../common/account-spec.ts';
import { Accounts } from '../common/accounts.ts';
import type { ProviderModule } from '../common/provider.ts';
import { planomaticAdminRoutes } from './admin-routes.ts';
import { planomaticApiRoutes } from './api-routes.ts';
import { describePlanomaticCall } from './describe-call.ts';
import { planomaticErrorBody } from './error-body.ts';
import { OrderStore } from './order-store.ts';
import { PLANOMATIC_CREDENTIALS, type PlanomaticCredentialField } from './credentials.ts';
import { planomaticAccountOf, planomaticPrepare } from './prepare.ts';
import { readAheadBody } from './read-ahead.ts';
import { DEFAULT_TOKEN_FIELD, PlanomaticRules, type TokenField } from './rules.ts';

export type { TokenField as PlanomaticTokenField } from './rules.ts';

export const PLANOMATIC_DEFAULT_API_TOKEN = 'sim-planomatic-token';

export interface PlanomaticOptions {
  /** Account `default`'s token, sent in the JSON body. Default `sim-planomatic-token`. */
  apiToken?: string;
  /** More accounts, each `{api_token}` with its own limit; at start and after reset. Default none. */
  accounts?: AccountSpec<PlanomaticCredentialField>[];
  /**
   * Body field the token is read from, at start and after reset: `api_token`, `api_key` or
   * `either`. Default `api_token` (the cancel page's name). Changeable at runtime through
   * `PUT /_sim/planomatic/token-field`.
   */
  tokenField?: TokenField;
  /** Cancelable orders (`new_request`, no appointment, never scheduled) created at start. Default 0. */
  seedOrders?: number;
}

/**
 * PlanOmatic V3 Order Cancelation API (spec/providers.md §2). The cancel endpoint's documented
 * default limit is 100 requests / 60 s, "admin-managed and may change per integration";
 * modelled as a strict sliding window over every API call.
 */
export const planomaticProvider: ProviderModule<never, PlanomaticOptions> = {
  name: 'planomatic',
  defaultLimit: { max: 100, duration_ms: 60_000 },
  settings: {},
  errorBody: planomaticErrorBody,
  create(runtime, options) {
    const accounts = new Accounts(
      PLANOMATIC_CREDENTIALS,
      { api_token: options.apiToken ?? PLANOMATIC_DEFAULT_API_TOKEN },
      options.accounts ?? [],
      runtime.defaultLimit,
    );
    const store = new OrderStore(runtime.clock);
    const rules = new PlanomaticRules(options.tokenField ?? DEFAULT_TOKEN_FIELD);
    for (let i = 0; i < (options.seedOrders ?? 0); i++) {
      store.create({
        status: 'new_request',
        appointmentConfirmed: false,
        requestId: null,
        scheduledAfterMs: null,
      });
    }
    return {
      accounts,
      accountOf: (req) => planomaticAccountOf(accounts, rules, req),
      readAhead: [readAheadBody()],
      prepare: planomaticPrepare(runtime, rules),
      describe: describePlanomaticCall,
      api: planomaticApiRoutes(runtime, store, rules),
      admin: planomaticAdminRoutes(store, rules, accounts),
      reset: () => {
        store.clear();
        rules.reset();
      },
    };
  },
};
