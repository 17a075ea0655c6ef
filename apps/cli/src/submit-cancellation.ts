import { parseCancellationRequest } from '@cancelq/contracts';
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

  const answer = await ctx.client().accept(body, key);
  const replayed = answer.status === 200;
  if (options.wait || options.watch) {
    // On stderr before watching: if the watch is cut short, the id is not lost.
    const again = replayed ? ' (already, with this Idempotency-Key)' : '';
    ctx.io.stderr.write(`accepted ${answer.data.id}${again}\n`);
    return followCancellation(ctx, answer.data.id, options.interval);
  }
  if (ctx.json) ctx.printJson(answer.raw);
  else ctx.print(acceptedText(answer.data, replayed));
  return EXIT.ok;
}
