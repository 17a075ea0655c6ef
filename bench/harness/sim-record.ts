import type { SimCalls } from '@cancelq/test-utils';
import type { Simulator } from './stack.ts';

export type Provider = 'coinw' | 'planomatic' | 'planet' | 'hypertrack';

/** The simulator's own record of a provider's calls. */
export function providerCalls(sim: Simulator, provider: Provider): Promise<SimCalls> {
  return sim[provider].calls();
}

/** A call the provider refused for its rate: HTTP 429, or CoinW's code 29001 under any status. */
export function throttled(call: SimCalls['calls'][number]): boolean {
  return call.status === 429 || (call as { code?: number | null }).code === 29001;
}

/** Arrival times (`at_ms`) of the calls the provider admitted, in order. */
export function admittedArrivals(record: SimCalls): number[] {
  return record.calls
    .filter((call) => !throttled(call))
    .map((call) => call.at_ms)
    .sort((a, b) => a - b);
}
