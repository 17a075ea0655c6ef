import express, { type Express } from 'express';
import { createAdminRouter } from './common/admin-router.ts';
import { createApiPipeline } from './common/api-pipeline.ts';
import { systemClock, type Clock } from './common/clock.ts';
import type { ProviderModule } from './common/provider.ts';
import { ProviderRuntime } from './common/runtime.ts';
import { coinwProvider, type CoinwOptions } from './coinw/index.ts';
import { hypertrackProvider, type HypertrackOptions } from './hypertrack/index.ts';
import { planetProvider, type PlanetOptions } from './planet/index.ts';
import { planomaticProvider, type PlanomaticOptions } from './planomatic/index.ts';

export interface SimulatorOptions {
  planet?: PlanetOptions;
  planomatic?: PlanomaticOptions;
  hypertrack?: HypertrackOptions;
  coinw?: CoinwOptions;
  /** Time source; defaults to the monotonic system clock. */
  clock?: Clock;
}

export interface Simulator {
  app: Express;
  /**
   * Releases what the simulator holds open (hung sockets, latency timers). Call before closing
   * the HTTP server, or a hung request keeps it open.
   */
  close(): void;
}

/**
 * One Express app hosting every simulated provider: API at `/<name>`, admin at `/_sim/<name>`.
 * No module-level state: each call is an isolated world, so tests can run side by side.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? systemClock;
  const app = express();
  app.disable('x-powered-by');
  // ETags would let a client get 304s for GETs; no real provider was seen doing that.
  app.set('etag', false);

  const runtimes = [
    mount(app, clock, planetProvider, options.planet ?? {}),
    mount(app, clock, planomaticProvider, options.planomatic ?? {}),
    mount(app, clock, hypertrackProvider, options.hypertrack ?? {}),
    mount(app, clock, coinwProvider, options.coinw ?? {}),
  ];

  app.get('/_sim/health', (_req, res) => {
    res.json({ ok: true, providers: runtimes.map((r) => r.name) });
  });

  return {
    app,
    close: () => {
      for (const runtime of runtimes) runtime.inFlight.releaseAll();
    },
  };
}

function mount<K extends string, O>(
  app: Express,
  clock: Clock,
  provider: ProviderModule<K, O>,
  options: O,
): ProviderRuntime<K> {
  const runtime = new ProviderRuntime<K>(
    provider.name,
    clock,
    provider.defaultLimit,
    provider.settings,
  );
  const instance = provider.create(runtime, options);
  app.use(`/${provider.name}`, createApiPipeline(runtime, provider.errorBody, instance));
  app.use(`/_sim/${provider.name}`, createAdminRouter(runtime, instance));
  return runtime;
}
