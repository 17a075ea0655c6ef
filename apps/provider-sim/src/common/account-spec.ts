import type { LimitSettings } from './sliding-window.ts';

/**
 * Real providers limit calls and own orders per account (Planet per API key, CoinW per API key,
 * PlanOmatic per integration token, HyperTrack per AccountId). Every simulated provider has the
 * account `default`, whose credentials are the ones it is started with, and may have more.
 */
export const DEFAULT_ACCOUNT = 'default';

/** How one provider's accounts present themselves. */
export interface CredentialSpec<F extends string> {
  /** Credential fields, named as `SIM_<PROVIDER>_ACCOUNTS` and `PUT /accounts` name them. */
  fields: readonly F[];
  /**
   * The field a call is attributed to its account by, before anything is verified: what the
   * provider limits and owns orders by. Unique across a provider's accounts.
   */
  key: F;
}

export type Credentials<F extends string> = Record<F, string>;

/** An account as configured (env or admin); `limit` is partial, filled from the provider's. */
export interface AccountSpec<F extends string> {
  name: string;
  credentials: Credentials<F>;
  limit?: Partial<LimitSettings>;
}
