import { ProviderError } from '../provider-error.ts';

/** For classifier tests: the ProviderError `act` throws; anything else fails the test. */
export function providerFailure(act: () => unknown): ProviderError {
  try {
    act();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}
