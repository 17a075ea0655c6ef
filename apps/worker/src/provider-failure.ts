import { ProviderError } from '@cancelq/providers';

/**
 * Adapters classify every provider failure as a ProviderError. Anything else is a bug of ours:
 * retrying cannot fix it, so it fails fast — with the reason on record, not a target left pending.
 */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('never', `internal error: ${message}`, { cause: error });
}
