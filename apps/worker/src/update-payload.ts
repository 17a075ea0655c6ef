import { storedJobData, type JobPayload } from '@cancelq/contracts';

/**
 * Writes a job's new payload (a retry's narrower targets, a throttle's count, what a call must
 * carry again) as jobs store it: without what the job's id says (storedJobData).
 */
export function updatePayload(
  job: { id?: string; updateData(data: unknown): Promise<void> },
  payload: JobPayload,
): Promise<void> {
  return job.updateData(storedJobData(payload, job.id ?? ''));
}
