import { z } from 'zod';
import { PROVIDERS } from './providers.ts';
import { contractOf, providerOfKind, type JobPayload } from './provider-contracts.ts';

/**
 * Job payloads. They outlive deploys (a job written by an old API is run by a new worker), so
 * these schemas only ever grow by optional fields. They never hold a credential: workers read
 * those from their own environment. Each provider's are in its folder (e.g. planet/jobs.ts).
 */

export type { JobKind, JobPayload } from './provider-contracts.ts';
export type { NonEmptyArray } from './request-fields.ts';

const [firstJob, ...otherJobs] = PROVIDERS.flatMap((provider) => contractOf(provider).jobs);
if (!firstJob) throw new Error('no provider has a job kind');

/**
 * Every provider's job kinds, told apart by `kind`. Its type is restated from the registry: a
 * union built from a list cannot carry each member's type, and each member's is in its folder.
 */
export const jobPayload = z.discriminatedUnion('kind', [
  firstJob,
  ...otherJobs,
]) as unknown as z.ZodType<JobPayload>;

/** The job ids a payload is about: what its attempts count against and what it resolves. */
export function jobTargets(payload: JobPayload): string[] {
  return contractOf(providerOfKind(payload.kind)).jobTargets(payload);
}
