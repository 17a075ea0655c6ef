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

/** A cancellation's id (a UUID) at the start of a job id, followed by the rest of the id. */
const CANCELLATION_ID_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=-)/;

/**
 * The cancellation a job id names: every job cancelq makes is named after the cancellation it
 * serves (jobIds, @cancelq/queue), `<cancellation id>-<what>`.
 */
export function cancellationOfJobId(jobId: string | undefined): string | undefined {
  return CANCELLATION_ID_PREFIX.exec(jobId ?? '')?.[0];
}

/**
 * A payload as a job stores it: without its cancellation's id where the job's id starts with it
 * (read back by jobPayloadOf), so a job does not keep the same fact twice. Jobs written before
 * keep it in their data, which jobPayloadOf reads first.
 */
export function storedJobData(payload: JobPayload, jobId: string): Record<string, unknown> {
  const { cancellationId, ...rest } = payload;
  return cancellationOfJobId(jobId) === cancellationId ? rest : payload;
}

/** A stored job's payload (storedJobData's inverse), validated. */
export function jobPayloadOf(job: { id?: string; data: unknown }) {
  const data = typeof job.data === 'object' && job.data !== null ? job.data : {};
  return jobPayload.safeParse({ cancellationId: cancellationOfJobId(job.id), ...data });
}
