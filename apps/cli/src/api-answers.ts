import { z } from 'zod';
import { CANCELLATION_STATES, TARGET_OUTCOMES } from '@cancelq/contracts';

/**
 * How the CLI reads the API's answers (shared/spec/api.md). A tolerant reader: only the fields
 * the CLI shows are checked, and fields it does not know are ignored, so a CLI keeps working
 * against a newer API that has grown some (the contracts' strict schemas describe what the API
 * sends; they are not for reading it). `--json` prints the answer as it came, never this parse.
 */

const summary = z.object({
  total: z.number().int().nullable(),
  cancelled: z.number().int(),
  not_cancellable: z.number().int(),
  not_found: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
});
export type SummaryAnswer = z.infer<typeof summary>;

const cancellationSummary = z.object({
  id: z.string(),
  // Shown, never branched on: a provider added to the API needs no new CLI.
  provider: z.string(),
  // Absent from an API older than accounts: everything there was the default account's.
  account: z.string().default('default'),
  state: z.enum(CANCELLATION_STATES),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  summary,
});

export const cancellationAnswer = cancellationSummary.extend({
  targets: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(TARGET_OUTCOMES),
      detail: z.string().nullable(),
    }),
  ),
});
export type CancellationAnswer = z.infer<typeof cancellationAnswer>;

export const listAnswer = z.object({
  cancellations: z.array(cancellationSummary),
  next_cursor: z.string().nullable(),
});
export type ListAnswer = z.infer<typeof listAnswer>;

export const acceptedAnswer = z.object({
  id: z.string(),
  // A replayed Idempotency-Key whose cancellation has expired answers provider null.
  provider: z.string().nullable(),
  account: z.string().nullable().default('default'),
  state: z.string(),
  total: z.number().int().nullable(),
});
export type AcceptedAnswer = z.infer<typeof acceptedAnswer>;

export const issueAnswer = z.object({ path: z.string(), message: z.string() });
export type IssueAnswer = z.infer<typeof issueAnswer>;

export const errorAnswer = z.object({
  error: z.string(),
  message: z.string().optional(),
  issues: z.array(issueAnswer).optional(),
});
