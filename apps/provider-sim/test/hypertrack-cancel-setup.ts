/** What the HyperTrack cancel tests share: a fresh simulator per test, the answers they expect. */
import { afterEach, beforeEach } from 'vitest';
import { startHypertrackSim, type HypertrackTestSim } from './hypertrack-helpers.ts';

/** The running test's simulator, once its file has called useFreshSim() (a live binding). */
export let t: HypertrackTestSim;

/** Starts a simulator of its own before each test of the calling file, and stops it after. */
export function useFreshSim(): void {
  beforeEach(async () => {
    t = await startHypertrackSim();
  });
  afterEach(() => t.stop());
}

export const NOT_FOUND = { detail: {}, message: 'Order not found' };

/** A cancel's 200 body, with the timestamps the tests compare. */
export type ApiOrder = Record<string, unknown> & { cancelled_at: string; created_at: string };
