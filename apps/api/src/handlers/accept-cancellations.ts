import { randomUUID } from 'node:crypto';
import {
  accountOf,
  webhookTargetProblem,
  parseCancellationRequest,
  targetIdsOf,
  type CancellationRequest,
} from '@cancelq/contracts';
import {
  acceptCancellations,
  awaitReplicas,
  outcomeKeys,
  planJobs,
  requireOnlineReplicas,
  sha256,
  type Acceptance,
  type IdempotencyRecord,
  type IdempotentAnswer,
} from '@cancelq/queue';
import type { ApiDeps } from '../deps.ts';
import {
  errorAnswer,
  issuesOf,
  validationAnswer,
  type Answer,
  type Issue,
} from '../http/answers.ts';
import { canonicalJson } from '../http/canonical-json.ts';
import { mayHaveBeenWritten, OutcomeUnknownError } from '../http/outcome-unknown.ts';

export type Shape = 'single' | 'batch';

function accepted(acceptance: Acceptance) {
  const { cancellation } = acceptance;
  return {
    id: cancellation.id,
    provider: cancellation.provider,
    account: accountOf(cancellation.request),
    state: 'queued',
    total: cancellation.targetIds.length === 0 ? null : cancellation.targetIds.length,
    links: { self: `/v1/cancellations/${cancellation.id}` },
  };
}

/** What a valid request asks that this deployment cannot do: an account, a webhook target. */
function deploymentProblems(
  deps: ApiDeps,
  request: CancellationRequest,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const configured = deps.accounts[request.provider];
  if (!configured.includes(accountOf(request)))
    problems.push({
      field: 'account',
      message: `${request.provider} has no account "${accountOf(request)}"; its accounts: ${configured.join(', ')}`,
    });
  if (request.callback_url !== undefined) {
    const problem = deps.webhooks.enabled
      ? webhookTargetProblem(request.callback_url, deps.webhooks.allowPrivate)
      : 'webhooks are off here (CANCELQ_WEBHOOK_SECRET is not set)';
    if (problem) problems.push({ field: 'callback_url', message: problem });
  }
  return problems;
}

/** Validates every entry and plans its jobs; any problem means nothing is accepted. */
function plan(deps: ApiDeps, entries: unknown[], shape: Shape): Acceptance[] | Answer {
  const issues: Issue[] = [];
  const requests: CancellationRequest[] = [];
  entries.forEach((entry, index) => {
    const at = shape === 'batch' ? `cancellations.${index}.` : '';
    const parsed = parseCancellationRequest(entry);
    if (!parsed.success) {
      issues.push(...issuesOf(parsed.error, shape === 'batch' ? ['cancellations', index] : []));
      return;
    }
    const request = parsed.data;
    const problems = deploymentProblems(deps, request);
    if (problems.length === 0) requests.push(request);
    for (const { field, message } of problems) issues.push({ path: `${at}${field}`, message });
  });
  if (issues.length > 0) return validationAnswer(issues);

  const createdAt = new Date();
  return requests.map((request) => {
    const id = randomUUID();
    return {
      cancellation: {
        id,
        provider: request.provider,
        request,
        targetIds: targetIdsOf(request),
        createdAt,
      },
      jobs: planJobs(request, id, deps.limits),
    };
  });
}

/**
 * The acceptance transaction; a failure it may have survived is an OutcomeUnknownError. So is
 * one applied but not on as many replicas as asked (deps.acceptReplicas): a failover could
 * still undo it, and a 202 promises it will not be lost. Too few replicas online to begin
 * with is a ReplicasOfflineError, before anything is written (503 unavailable).
 */
async function write(
  deps: ApiDeps,
  planned: Acceptance[],
  idempotency?: IdempotencyRecord,
): Promise<void> {
  const { replicas, timeoutMs } = deps.acceptReplicas;
  const keys = outcomeKeys(deps.prefix);
  await requireOnlineReplicas(deps.redis, keys.index, replicas);
  try {
    await acceptCancellations(deps.queueOf, deps.prefix, deps.jobDefaults, planned, idempotency);
  } catch (error) {
    throw mayHaveBeenWritten(error) ? new OutcomeUnknownError(error, !!idempotency) : error;
  }
  const written = keys.record((planned[0] as Acceptance).cancellation.id);
  try {
    await awaitReplicas(deps.redis, written, replicas, timeoutMs);
  } catch (error) {
    throw new OutcomeUnknownError(error, !!idempotency);
  }
}

/**
 * POST /v1/cancellations and /v1/cancellations/batch. With an Idempotency-Key, the key is
 * claimed first and its answer written in the same transaction as the work, so a repeat either
 * finds the answer or finds nothing was accepted.
 */
export async function acceptHandler(
  deps: ApiDeps,
  shape: Shape,
  entries: unknown[],
  rawBody: unknown,
  idempotencyKey: string | undefined,
): Promise<Answer> {
  const planned = plan(deps, entries, shape);
  if (!Array.isArray(planned)) return planned;
  const body =
    shape === 'single'
      ? accepted(planned[0] as Acceptance)
      : { cancellations: planned.map(accepted) };

  if (idempotencyKey === undefined) {
    await write(deps, planned);
    return { status: 202, body };
  }

  const keyHash = deps.idempotency.hash(idempotencyKey, shape);
  const bodyHash = sha256(canonicalJson(rawBody));
  const claim = await deps.idempotency.claim(keyHash);
  if (claim === 'in_flight')
    return errorAnswer(
      409,
      'idempotency_key_in_flight',
      'a request with this Idempotency-Key is still being accepted',
    );
  if (claim !== 'claimed') return replay(deps, shape, claim, bodyHash);

  const answer: IdempotentAnswer = { bodyHash, ids: planned.map((a) => a.cancellation.id) };
  try {
    await write(deps, planned, { keyHash, value: JSON.stringify(answer) });
  } catch (error) {
    // The release deletes the claim only while it still says in_flight, and it follows the
    // transaction down the same connection: a transaction Redis applies late has put the answer
    // there first, and the release leaves it. When the outcome is unknown Redis is not
    // answering, so the caller hears so now rather than after the release times out as well.
    const released = deps.idempotency.release(keyHash).catch(() => undefined);
    if (!(error instanceof OutcomeUnknownError)) await released;
    throw error;
  }
  return { status: 202, body };
}

async function replay(
  deps: ApiDeps,
  shape: Shape,
  first: IdempotentAnswer,
  bodyHash: string,
): Promise<Answer> {
  if (first.bodyHash !== bodyHash) {
    return errorAnswer(
      409,
      'idempotency_key_reused',
      'this Idempotency-Key was used with another body',
    );
  }
  const summaries = await Promise.all(first.ids.map((id) => deps.store.getSummary(id)));
  const bodies = summaries.map((summary, index) => ({
    id: first.ids[index],
    provider: summary?.provider ?? null,
    account: summary?.account ?? null,
    state: summary?.state ?? 'completed',
    total: summary?.summary.total ?? null,
    links: { self: `/v1/cancellations/${first.ids[index]}` },
  }));
  return { status: 200, body: shape === 'single' ? bodies[0] : { cancellations: bodies } };
}
