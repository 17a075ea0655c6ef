import { CallRecorder } from './call-recorder.ts';
import type { Clock } from './clock.ts';
import { FaultInjector } from './faults.ts';
import { InFlight } from './in-flight.ts';
import { COMMON_SETTINGS, defaultSettings, type SettingSpec } from './settings.ts';
import type { LimitSettings } from './sliding-window.ts';

export type SettingKey<K extends string> = K | keyof typeof COMMON_SETTINGS;

/**
 * Everything one simulated provider owns besides its orders and accounts (whose limiters are
 * theirs): call log, faults, knobs, held-open sockets. One per provider per simulator instance,
 * so tests never share state.
 */
export class ProviderRuntime<K extends string = never> {
  readonly calls = new CallRecorder();
  readonly faults = new FaultInjector();
  readonly inFlight = new InFlight();
  readonly settingSpecs: Record<SettingKey<K>, SettingSpec>;
  settings: Record<SettingKey<K>, number>;

  constructor(
    readonly name: string,
    readonly clock: Clock,
    /** The provider's limit: `default`'s at start and after reset, and any account's default. */
    readonly defaultLimit: LimitSettings,
    specs: Record<K, SettingSpec>,
  ) {
    this.settingSpecs = { ...COMMON_SETTINGS, ...specs };
    this.settings = defaultSettings(this.settingSpecs) as Record<SettingKey<K>, number>;
  }

  /** Back to a fresh instance's state, except the provider's store and accounts (theirs). */
  reset(): void {
    this.calls.clear();
    this.faults.clear();
    this.inFlight.releaseHung();
    this.settings = defaultSettings(this.settingSpecs) as Record<SettingKey<K>, number>;
  }
}
