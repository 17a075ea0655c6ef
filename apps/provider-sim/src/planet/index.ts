import type { AccountSpec } from '../common/account-spec.ts';
import { Accounts } from '../common/accounts.ts';
import type { ProviderModule } from '../common/provider.ts';
import { planetAdminRoutes } from './admin-routes.ts';
import { planetAccountOf, planetApiRoutes, planetPrepare } from './api-routes.ts';
import { BulkFailures } from './bulk-failures.ts';
import { describePlanetCall } from './describe-call.ts';
import { planetErrorBody } from './error-body.ts';
import { OrderStore } from './order-store.ts';
import {
  PLANET_CREDENTIALS,
  PLANET_DEFAULT_API_KEY,
  PLANET_SETTINGS,
  type PlanetCredentialField,
  type PlanetSettingKey,
} from './settings.ts';

export interface PlanetOptions {
  /** Key clients must present: account `default`'s. Default `sim-planet-key`. */
  apiKey?: string;
  /** More accounts, each `{api_key}` with its own limit; at start and after reset. Default none. */
  accounts?: AccountSpec<PlanetCredentialField>[];
  /** Queued orders (never turning running on their own) created at start. Default 0. */
  seedOrders?: number;
}

/**
 * Planet Orders API v2 (spec/providers.md §1). Orders API limit is "10 requests per second"
 * (SDK `OrdersClient.wait` docstring), every call counted; modelled as a strict sliding window.
 */
export const planetProvider: ProviderModule<PlanetSettingKey, PlanetOptions> = {
  name: 'planet',
  defaultLimit: { max: 10, duration_ms: 1000 },
  settings: PLANET_SETTINGS,
  errorBody: planetErrorBody,
  create(runtime, options) {
    const accounts = new Accounts(
      PLANET_CREDENTIALS,
      { api_key: options.apiKey ?? PLANET_DEFAULT_API_KEY },
      options.accounts ?? [],
      runtime.defaultLimit,
    );
    const store = new OrderStore(runtime.clock);
    const bulkFailures = new BulkFailures();
    for (let i = 0; i < (options.seedOrders ?? 0); i++) {
      store.create({ state: 'queued', runningAfterMs: null });
    }
    return {
      accounts,
      accountOf: (req) => planetAccountOf(accounts, req),
      prepare: planetPrepare(runtime),
      describe: describePlanetCall,
      api: planetApiRoutes(runtime, store, bulkFailures),
      admin: planetAdminRoutes(store, bulkFailures, accounts),
      reset: () => {
        store.clear();
        bulkFailures.clear();
      },
    };
  },
};
