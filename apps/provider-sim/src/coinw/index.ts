import type { AccountSpec } from '../common/account-spec.ts';
import { Accounts } from '../common/accounts.ts';
import type { ProviderModule } from '../common/provider.ts';
import { AccountStorms } from './account-storms.ts';
import { coinwAdminRoutes } from './admin-routes.ts';
import { coinwErrorBody } from './answers.ts';
import { coinwApiRoutes } from './api-routes.ts';
import { coinwCommonAnswers } from './common-answers.ts';
import type { CoinwContext } from './context.ts';
import { describeCoinwCall } from './describe-call.ts';
import { OrderStore } from './order-store.ts';
import { coinwAccountOf, coinwPrepare } from './prepare.ts';
import {
  COINW_CREDENTIALS,
  COINW_DEFAULT_API_KEY,
  COINW_DEFAULT_SECRET_KEY,
  COINW_SETTINGS,
  type CoinwCredentialField,
  type CoinwSettingKey,
} from './settings.ts';

export interface CoinwOptions {
  /** The `api_key` clients must send: account `default`'s. Default `sim-coinw-key`. */
  apiKey?: string;
  /** The secret key `default`'s requests are signed with. Default `sim-coinw-secret`. */
  secretKey?: string;
  /**
   * More accounts, each `{api_key, secret_key}` with its own limit and ban; at start and after
   * reset. Default none.
   */
  accounts?: AccountSpec<CoinwCredentialField>[];
  /** Open `plan` orders created at start. Default 0. */
  seedOrders?: number;
}

/**
 * CoinW futures trading (spec/providers.md §3): batch and single cancel, signed with
 * HMAC-SHA256. The per-interface limit is "10 requests/s per user ID and IP", modelled as a
 * strict sliding window; refusals answer `{"code":29001,"msg":"API access frequently"}`.
 */
export const coinwProvider: ProviderModule<CoinwSettingKey, CoinwOptions> = {
  name: 'coinw',
  defaultLimit: { max: 10, duration_ms: 1000 },
  settings: COINW_SETTINGS,
  errorBody: coinwErrorBody,
  create(runtime, options) {
    const store = new OrderStore(runtime.clock);
    for (let i = 0; i < (options.seedOrders ?? 0); i++) {
      store.create({ status: 'open', posType: 'plan' });
    }
    const accounts = new Accounts(
      COINW_CREDENTIALS,
      {
        api_key: options.apiKey ?? COINW_DEFAULT_API_KEY,
        secret_key: options.secretKey ?? COINW_DEFAULT_SECRET_KEY,
      },
      options.accounts ?? [],
      runtime.defaultLimit,
    );
    const ctx: CoinwContext = {
      runtime,
      store,
      storms: new AccountStorms(() => runtime.settings.ban_after_errors),
      accounts,
    };
    return {
      accounts,
      accountOf: (req) => coinwAccountOf(accounts, req),
      prepare: coinwPrepare(ctx),
      describe: describeCoinwCall,
      api: coinwApiRoutes(ctx),
      admin: coinwAdminRoutes(store, accounts),
      answers: coinwCommonAnswers(ctx),
      reset: () => {
        store.clear();
        ctx.storms.clear();
      },
    };
  },
};
