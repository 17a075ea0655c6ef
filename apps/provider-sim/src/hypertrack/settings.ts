import type { CredentialSpec } from '../common/account-spec.ts';
import type { SettingSpec } from '../common/settings.ts';

export type HypertrackSettingKey = 'completed_status' | 'recancel_status';

/**
 * What a cancel of an order that is already final answers. The real codes are unknown (the
 * docs list three error bodies without their statuses, spec §4 [UNKNOWN]); 409 is [INF] from
 * the same API family's "Duplicate order_handle ... (409 Conflict)".
 */
export const HYPERTRACK_SETTINGS: Record<HypertrackSettingKey, SettingSpec> = {
  /**
   * Status for cancelling legs that are all final with at least one `completed`, answered with
   * `{"detail":{},"message":"Order is already completed"}`. A 4xx, default 409.
   */
  completed_status: { default: 409, min: 400, max: 499 },
  /**
   * Status for cancelling legs that are all `cancelled` already. 4xx (default 409) answers
   * `{"detail":{},"message":"Order is already cancelled"}`; below 400 (use 200) makes a second
   * cancel idempotent and answers the order, with its original `cancelled_at`.
   */
  recancel_status: { default: 409, min: 200, max: 499 },
};

export const HYPERTRACK_DEFAULT_ACCOUNT_ID = 'sim-account';
export const HYPERTRACK_DEFAULT_SECRET_KEY = 'sim-hypertrack-secret';

export type HypertrackCredentialField = 'account_id' | 'secret_key';

/**
 * A HyperTrack account: the AccountId half of Basic names it (HyperTrack's data and limits are
 * per account), the SecretKey half proves it.
 */
export const HYPERTRACK_CREDENTIALS: CredentialSpec<HypertrackCredentialField> = {
  fields: ['account_id', 'secret_key'],
  key: 'account_id',
};
