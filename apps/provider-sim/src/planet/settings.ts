import type { SettingSpec } from '../common/settings.ts';

export type PlanetSettingKey = 'bulk_max' | 'page_size';

export const PLANET_SETTINGS: Record<PlanetSettingKey, SettingSpec> = {
  /** Most `order_ids` one bulk cancel accepts; more is a 400. Real limit unknown. Default 1000. */
  bulk_max: { default: 1000, min: 1, max: 1_000_000 },
  /** Orders per `GET /orders/v2` page. Default 20. */
  page_size: { default: 20, min: 1, max: 10_000 },
};

export const PLANET_DEFAULT_API_KEY = 'sim-planet-key';
