import type { z } from 'zod';
import type { CallGroup } from './shared-call.ts';

/**
 * What the shared contracts know of one provider: the requests the API accepts for it, the jobs
 * its queue runs, and how Bull Board describes its queue. Each provider folder exports one; the
 * registry (provider-contracts.ts) lists them, and every `provider`-keyed decision in the
 * contracts is a lookup there instead of a switch.
 *
 * Methods rather than function properties, on purpose: the registry checks each entry against
 * its own provider id, which needs the request and job types to vary with the entry.
 */
export interface ProviderContract<Request, Job extends { kind: string }> {
  /** Every request shape, in the order the OpenAPI document lists them. */
  requests: readonly z.ZodType<Request>[];
  /**
   * The shape a body means (Planet has two, told apart by `all_queued`), so a caller gets the
   * errors of the shape they meant, not of every shape.
   */
  requestSchema(body: Record<string, unknown>): z.ZodType<Request>;
  /** The targets a request names; empty where the provider decides (Planet's `all_queued`). */
  targetIds(request: Request): string[];
  /** Where calls carry many cancellations' ids: the group a request's targets wait in. */
  callGroup?(request: Request, account: string): CallGroup | null;
  /** Every job kind its queue runs; each kind is `<provider>.<step>`. */
  jobs: readonly z.ZodObject[];
  /** The target ids a job is about: what its attempts count against and what it resolves. */
  jobTargets(job: Job): string[];
  /** Bull Board's description of the provider's queues. */
  board: {
    /** The API it calls. */
    title: string;
    /** For queues whose calls are shared: what an operator needs to read their jobs. */
    sharedNote?: string;
  };
}
