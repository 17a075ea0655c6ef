import type { CredentialSpec } from '../common/account-spec.ts';
import type { SettingSpec } from '../common/settings.ts';

export type CoinwSettingKey =
  | 'batch_max'
  | 'timestamp_window_ms'
  | 'trade_permission'
  | 'reject_unknown'
  | 'throttle_http_status'
  | 'ban_after_errors';

export const COINW_SETTINGS: Record<CoinwSettingKey, SettingSpec> = {
  /** Most `sourceIds` one batch cancel accepts; more is code 1. Documented: 20. Default 20. */
  batch_max: { default: 20, min: 1, max: 1000 },
  /**
   * Largest skew, in ms either way, between the `timestamp` header and the simulator's clock;
   * beyond it, code 6001. The real window is undocumented (spec §3). Default 30000.
   */
  timestamp_window_ms: { default: 30_000, min: 0, max: 86_400_000 },
  /** 1: the key may trade futures; 0: every authenticated call answers 6003. Default 1. */
  trade_permission: { default: 1, min: 0, max: 1 },
  /**
   * 0: a batch cancel silently ignores ids it does not know (spec §3, [INF]); 1: a batch naming
   * any unknown id is rejected whole with 9012. Default 0.
   */
  reject_unknown: { default: 0, min: 0, max: 1 },
  /** HTTP status of a 29001 answer. CoinW documents the body only; 200 is our reading. Default 200. */
  throttle_http_status: { default: 200, min: 200, max: 429, oneOf: [200, 429] },
  /**
   * Error-storm ban (spec §3, [3P]): this many non-zero-code answers within 10 s ban the key for
   * 30 s, every call answering 29001. 0 = off. Default 0.
   */
  ban_after_errors: { default: 0, min: 0, max: 100_000 },
};

export const COINW_DEFAULT_API_KEY = 'sim-coinw-key';
export const COINW_DEFAULT_SECRET_KEY = 'sim-coinw-secret';

export type CoinwCredentialField = 'api_key' | 'secret_key';

/**
 * A CoinW account: the `api_key` header names it (CoinW limits "per user ID" and owns orders
 * per user; one key per simulated user), the secret signs its calls.
 */
export const COINW_CREDENTIALS: CredentialSpec<CoinwCredentialField> = {
  fields: ['api_key', 'secret_key'],
  key: 'api_key',
};
