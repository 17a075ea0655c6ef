import { coinwContract } from './coinw/contract.ts';
import { hypertrackContract } from './hypertrack/contract.ts';
import { planetContract } from './planet/contract.ts';
import { planomaticContract } from './planomatic/contract.ts';
import type { ProviderContract } from './provider-contract.ts';
import type { ProviderId } from './providers.ts';

/**
 * The contracts' provider registry: one entry per provider, in PROVIDERS' order (the order the
 * OpenAPI document lists request shapes). The type refuses a provider without an entry, an
 * entry for an unknown provider, and an entry whose requests or job kinds are another's.
 */
export const PROVIDER_CONTRACTS = {
  planet: planetContract,
  planomatic: planomaticContract,
  coinw: coinwContract,
  hypertrack: hypertrackContract,
} satisfies {
  [P in ProviderId]: ProviderContract<{ provider: P }, { kind: `${P}.${string}` }>;
};

type Contracts = typeof PROVIDER_CONTRACTS;
type RequestOf<C> = C extends { targetIds(request: infer R): string[] } ? R : never;
type JobOf<C> = C extends { jobTargets(job: infer J): string[] } ? J : never;

/** Every request shape of every provider. */
export type CancellationRequest = RequestOf<Contracts[ProviderId]>;
/** Every job payload of every provider. */
export type JobPayload = JobOf<Contracts[ProviderId]>;
export type JobKind = JobPayload['kind'];

/**
 * A provider's contract, for requests and jobs of any provider. TypeScript cannot follow that
 * `PROVIDER_CONTRACTS[request.provider]` only ever sees its own provider's requests, so the
 * lookup is widened here, once (the contracts' methods are bivariant in their parameters),
 * rather than at each call site.
 */
export function contractOf(
  provider: ProviderId,
): ProviderContract<CancellationRequest, JobPayload> {
  return PROVIDER_CONTRACTS[provider];
}

/** The provider of a job kind: every kind is `<provider>.<step>` (the registry's type checks it). */
export function providerOfKind(kind: JobKind): ProviderId {
  return kind.slice(0, kind.indexOf('.')) as ProviderId;
}
