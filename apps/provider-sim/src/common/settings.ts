import { BadRequest } from './bad-request.ts';
import { asObject } from './validate.ts';

/** One numeric knob of a provider, set through `PUT /_sim/<provider>/config`. */
export interface SettingSpec {
  default: number;
  min: number;
  max: number;
  /** When given, the only values allowed (e.g. CoinW's throttle status: 200 or 429). */
  oneOf?: readonly number[];
}

export type Settings = Record<string, number>;

/** Knobs every provider has. */
export const COMMON_SETTINGS = {
  /**
   * Milliseconds to wait before answering a call that passed the rate limiter (faults and
   * normal answers alike); the call's effect on order state happens before the wait, so a
   * client that times out may still have cancelled the order. Default 0.
   */
  latency_ms: { default: 0, min: 0, max: 600_000 },
} satisfies Record<string, SettingSpec>;

export function defaultSettings(specs: Record<string, SettingSpec>): Settings {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.default]));
}

/** Validates a partial update against the specs; unknown keys are an error, not ignored. */
export function parseSettingsUpdate(
  body: unknown,
  specs: Record<string, SettingSpec>,
): Partial<Settings> {
  const update: Partial<Settings> = {};
  for (const [key, value] of Object.entries(asObject(body))) {
    const spec = specs[key];
    if (spec === undefined) {
      throw new BadRequest(`unknown setting ${key}; known: ${Object.keys(specs).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new BadRequest(`${key} must be an integer`);
    }
    if (value < spec.min || value > spec.max) {
      throw new BadRequest(`${key} must be between ${spec.min} and ${spec.max}`);
    }
    if (spec.oneOf !== undefined && !spec.oneOf.includes(value)) {
      throw new BadRequest(`${key} must be one of ${spec.oneOf.join(', ')}`);
    }
    update[key] = value;
  }
  return update;
}
