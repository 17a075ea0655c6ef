import { accountOf } from './accounts.ts';
import { contractOf, type CancellationRequest } from './provider-contracts.ts';
import type { CallGroup } from './shared-call.ts';

/** The group a request's targets wait in; null for requests whose calls are not shared. */
export function callGroupOf(request: CancellationRequest): CallGroup | null {
  return contractOf(request.provider).callGroup?.(request, accountOf(request)) ?? null;
}
