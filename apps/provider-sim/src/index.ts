export { createSimulator, type Simulator, type SimulatorOptions } from './app.ts';
export { listenSimulator, type RunningSimulator } from './listen.ts';
export type { PlanetOptions } from './planet/index.ts';
