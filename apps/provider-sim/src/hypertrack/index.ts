import type { ProviderModule } from '../common/provider.ts';
import { hypertrackAdminRoutes } from './admin-routes.ts';
import { hypertrackApiRoutes, hypertrackPrepare } from './api-routes.ts';
import { defaultOrder } from './create-orders.ts';
import { describeHypertrackCall } from './describe-call.ts';
import { hypertrackErrorBody } from './error-body.ts';
import { OrderStore } from './order-store.ts';
import {
  HYPERTRACK_DEFAULT_ACCOUNT_ID,
  HYPERTRACK_DEFAULT_SECRET_KEY,
  HYPERTRACK_SETTINGS,
  type HypertrackSettingKey,
} from './settings.ts';

export interface HypertrackOptions {
  /** AccountId half of the Basic credentials clients must present. Default `sim-account`. */
  accountId?: string;
  /** SecretKey half of the Basic credentials. Default `sim-hypertrack-secret`. */
  secretKey?: string;
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
    const credentials = {
      accountId: options.accountId ?? HYPERTRACK_DEFAULT_ACCOUNT_ID,
      secretKey: options.secretKey ?? HYPERTRACK_DEFAULT_SECRET_KEY,
    };
    return {
      prepare: hypertrackPrepare(runtime, credentials),
      describe: describeHypertrackCall,
      api: hypertrackApiRoutes(runtime, store),
      admin: hypertrackAdminRoutes(store, runtime.clock),
      reset: () => store.clear(),
    };
  },
};
