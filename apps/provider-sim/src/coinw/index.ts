import type { ProviderModule } from '../common/provider.ts';
import { coinwAdminRoutes } from './admin-routes.ts';
import { coinwErrorBody } from './answers.ts';
import { coinwApiRoutes } from './api-routes.ts';
import { coinwCommonAnswers } from './common-answers.ts';
import type { CoinwContext } from './context.ts';
import { describeCoinwCall } from './describe-call.ts';
import { ErrorStorm } from './error-storm.ts';
import { OrderStore } from './order-store.ts';
import { coinwPrepare } from './prepare.ts';
import {
  COINW_DEFAULT_API_KEY,
  COINW_DEFAULT_SECRET_KEY,
  COINW_SETTINGS,
  type CoinwSettingKey,
} from './settings.ts';

export interface CoinwOptions {
  /** The `api_key` clients must send. Default `sim-coinw-key`. */
  apiKey?: string;
  /** The secret key requests are signed with. Default `sim-coinw-secret`. */
  secretKey?: string;
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
    const ctx: CoinwContext = {
      runtime,
      store,
      storm: new ErrorStorm(() => runtime.settings.ban_after_errors),
      keys: {
        apiKey: options.apiKey ?? COINW_DEFAULT_API_KEY,
        secretKey: options.secretKey ?? COINW_DEFAULT_SECRET_KEY,
      },
    };
    return {
      prepare: coinwPrepare(ctx),
      describe: describeCoinwCall,
      api: coinwApiRoutes(ctx),
      admin: coinwAdminRoutes(store),
      answers: coinwCommonAnswers(ctx),
      reset: () => {
        store.clear();
        ctx.storm.clear();
      },
    };
  },
};
