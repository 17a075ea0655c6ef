import type { AccountSpec } from '../common/account-spec.ts';
import { Accounts } from '../common/accounts.ts';
import type { ProviderModule } from '../common/provider.ts';
import { hypertrackAdminRoutes } from './admin-routes.ts';
import { hypertrackAccountOf, hypertrackApiRoutes, hypertrackPrepare } from './api-routes.ts';
import { defaultOrder } from './create-orders.ts';
import { describeHypertrackCall } from './describe-call.ts';
import { hypertrackErrorBody } from './error-body.ts';
import { OrderStore } from './order-store.ts';
import {
  HYPERTRACK_CREDENTIALS,
  HYPERTRACK_DEFAULT_ACCOUNT_ID,
  HYPERTRACK_DEFAULT_SECRET_KEY,
  HYPERTRACK_SETTINGS,
  type HypertrackCredentialField,
  type HypertrackSettingKey,
} from './settings.ts';

export interface HypertrackOptions {
  /** AccountId half of account `default`'s Basic credentials. Default `sim-account`. */
  accountId?: string;
  /** SecretKey half of `default`'s Basic credentials. Default `sim-hypertrack-secret`. */
  secretKey?: string;
  /**
   * More accounts, each `{account_id, secret_key}` with its own limit; at start and after
   * reset. Default none.
   */
  accounts?: AccountSpec<HypertrackCredentialField>[];
  /** Cancellable orders (one assigned drop each, `sim-order-<n>`) created at start. Default 0. */
  seedOrders?: number;
}

/**
 * HyperTrack Orders API v3 (spec/providers.md §4): `POST /orders/{order_handle}/cancel`. The v3
 * rate limit is unknown (only legacy docs mention a 429), so the default, 10 calls per
 * 1000 ms over every call, is a placeholder to be set per test.
 */
export const hypertrackProvider: ProviderModule<HypertrackSettingKey, HypertrackOptions> = {
  name: 'hypertrack',
  defaultLimit: { max: 10, duration_ms: 1000 },
  settings: HYPERTRACK_SETTINGS,
  errorBody: hypertrackErrorBody,
  create(runtime, options) {
    const store = new OrderStore(runtime.clock);
    for (let i = 0; i < (options.seedOrders ?? 0); i++) {
      store.create(defaultOrder());
    }
    const accounts = new Accounts(
      HYPERTRACK_CREDENTIALS,
      {
        account_id: options.accountId ?? HYPERTRACK_DEFAULT_ACCOUNT_ID,
        secret_key: options.secretKey ?? HYPERTRACK_DEFAULT_SECRET_KEY,
      },
      options.accounts ?? [],
      runtime.defaultLimit,
    );
    return {
      accounts,
      accountOf: (req) => hypertrackAccountOf(accounts, req),
      prepare: hypertrackPrepare(runtime, accounts),
      describe: describeHypertrackCall,
      api: hypertrackApiRoutes(runtime, store),
      admin: hypertrackAdminRoutes(store, runtime.clock, accounts),
      reset: () => store.clear(),
    };
  },
};
