import type { CancellationBody } from '@cancelq/client';
import { parseCancellationRequest } from '@cancelq/contracts';
import { calling } from './api-error.ts';
import { CliError } from './cli-error.ts';
import type { CommandContext } from './context.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { followCancellation } from './follow-cancellation.ts';
import { formatIssues, issuesOf } from './format-issues.ts';
import { acceptedText } from './render/accepted-text.ts';

export interface SubmitOptions {
  /** The provider account to cancel with; absent: the provider's default account. */
  account?: string;
  idempotencyKey?: string;
  wait?: boolean;
  watch?: boolean;
  interval: number;
}

// The API's rule for the header (apps/api/src/app.ts); checked here only to fail before sending.
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/**
 * Sends one cancellation request. It is checked first with the API's own schemas, so an
 * obvious mistake (a bad UUID on line 3,172 of stdin) is named without a round trip; the API
 * still checks it and its answer is what counts.
 */
export async function submitCancellation(
  ctx: CommandContext,
  body: Record<string, unknown>,
  options: SubmitOptions,
): Promise<ExitCode> {
  if (options.account !== undefined) body = { ...body, account: options.account };
  const parsed = parseCancellationRequest(body);
  if (!parsed.success) {
    throw new CliError(
      EXIT.usage,
      'invalid request; nothing was sent',
      formatIssues(issuesOf(parsed.error), body),
    );
  }
  const key = options.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new CliError(
      EXIT.usage,
      '--idempotency-key: must be 1..255 printable ASCII characters; nothing was sent',
    );
  }

  // The body as given, not as parsed (which merges duplicates and lower-cases UUIDs): the API
  // does that itself, and an Idempotency-Key is matched against the body as sent. Checked
  // above with the API's own schemas, so it is a CancellationBody.
  const { accepted, replayed } = await calling(
    ctx.client().create(body as unknown as CancellationBody, { idempotencyKey: key }),
    { sent: body },
  );
  if (options.wait || options.watch) {
    // On stderr before watching: if the watch is cut short, the id is not lost.
    const again = replayed ? ' (already, with this Idempotency-Key)' : '';
    ctx.io.stderr.write(`accepted ${accepted.id}${again}\n`);
    return followCancellation(ctx, accepted.id, options.interval);
  }
  if (ctx.json) ctx.printJson(accepted);
  else ctx.print(acceptedText(accepted, replayed));
  return EXIT.ok;
}
