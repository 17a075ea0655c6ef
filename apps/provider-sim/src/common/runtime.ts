import { CallRecorder } from './call-recorder.ts';
import type { Clock } from './clock.ts';
import { FaultInjector } from './faults.ts';
import { InFlight } from './in-flight.ts';
import { COMMON_SETTINGS, defaultSettings, type SettingSpec } from './settings.ts';
import { SlidingWindowLimiter, type LimitSettings } from './sliding-window.ts';

export type SettingKey<K extends string> = K | keyof typeof COMMON_SETTINGS;

/**
 * Everything one simulated provider owns besides its orders: limiter, call log, faults, knobs,
 * held-open sockets. One per provider per simulator instance, so tests never share state.
 */
export class ProviderRuntime<K extends string = never> {
  readonly calls = new CallRecorder();
  readonly faults = new FaultInjector();
  readonly inFlight = new InFlight();
  readonly limiter: SlidingWindowLimiter;
  readonly settingSpecs: Record<SettingKey<K>, SettingSpec>;
  settings: Record<SettingKey<K>, number>;

  constructor(
    readonly name: string,
    readonly clock: Clock,
    private readonly defaultLimit: LimitSettings,
    specs: Record<K, SettingSpec>,
  ) {
    this.settingSpecs = { ...COMMON_SETTINGS, ...specs };
    this.settings = defaultSettings(this.settingSpecs) as Record<SettingKey<K>, number>;
    this.limiter = new SlidingWindowLimiter(defaultLimit);
  }

  /** Back to a fresh instance's state, except the provider's own store (its reset does that). */
  reset(): void {
    this.calls.clear();
    this.faults.clear();
    this.inFlight.releaseHung();
    this.limiter.limit = this.defaultLimit;
    this.limiter.clear();
    this.settings = defaultSettings(this.settingSpecs) as Record<SettingKey<K>, number>;
  }
}
