import type { CredentialSpec } from '../common/account-spec.ts';
import type { SettingSpec } from '../common/settings.ts';

export type PlanetSettingKey = 'bulk_max' | 'page_size';

export const PLANET_SETTINGS: Record<PlanetSettingKey, SettingSpec> = {
  /** Most `order_ids` one bulk cancel accepts; more is a 400. Real limit unknown. Default 1000. */
  bulk_max: { default: 1000, min: 1, max: 1_000_000 },
  /** Orders per `GET /orders/v2` page. Default 20. */
  page_size: { default: 20, min: 1, max: 10_000 },
};

export const PLANET_DEFAULT_API_KEY = 'sim-planet-key';

export type PlanetCredentialField = 'api_key';

/** A Planet account is its API key: Planet limits and owns orders per key. */
export const PLANET_CREDENTIALS: CredentialSpec<PlanetCredentialField> = {
  fields: ['api_key'],
  key: 'api_key',
};
