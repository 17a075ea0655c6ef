export { createSimulator, type Simulator, type SimulatorOptions } from './app.ts';
export { listenSimulator, type RunningSimulator } from './listen.ts';
export type { PlanetOptions } from './planet/index.ts';
export type { PlanomaticOptions, PlanomaticTokenField } from './planomatic/index.ts';
export type { HypertrackOptions } from './hypertrack/index.ts';
export type { CoinwOptions } from './coinw/index.ts';
