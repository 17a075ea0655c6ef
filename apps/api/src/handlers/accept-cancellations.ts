import { randomUUID } from 'node:crypto';
import {
  accountOf,
  webhookTargetProblem,
  parseCancellationRequest,
  targetIdsOf,
  type CancellationRequest,
} from '@cancelq/contracts';
import {
  acceptIdempotently,
  awaitReplicas,
  outcomeKeys,
  planJobs,
  requireOnlineReplicas,
  type Acceptance,
  type IdempotencyRecord,
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
  await requireOnlineReplicas(deps.redis, keys.accountQueues, replicas);
  try {
    await deps.accept({ acceptances: planned, idempotency });
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
 * POST /v1/cancellations and /v1/cancellations/batch. With an Idempotency-Key, the flow is
 * acceptIdempotently's (claim, compare, accept with the answer, release on failure); this maps
 * what it found to HTTP.
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

  const found = await acceptIdempotently(
    deps.idempotency,
    {
      key: idempotencyKey,
      scope: shape,
      canonicalBody: canonicalJson(rawBody),
      ids: planned.map((a) => a.cancellation.id),
    },
    (record) => write(deps, planned, record),
    // Redis is not answering: the caller hears so now, not after the claim's release times out.
    (error) => error instanceof OutcomeUnknownError,
  );
  switch (found.outcome) {
    case 'accepted':
      return { status: 202, body };
    case 'in_flight':
      return errorAnswer(
        409,
        'idempotency_key_in_flight',
        'a request with this Idempotency-Key is still being accepted',
      );
    case 'reused':
      return errorAnswer(
        409,
        'idempotency_key_reused',
        'this Idempotency-Key was used with another body',
      );
    case 'replay':
      return replay(deps, shape, found.ids);
  }
}

/** 200 with what the first request with this key created, as it stands now. */
async function replay(deps: ApiDeps, shape: Shape, ids: string[]): Promise<Answer> {
  const summaries = await Promise.all(ids.map((id) => deps.store.getSummary(id)));
  const bodies = summaries.map((summary, index) => ({
    id: ids[index],
    provider: summary?.provider ?? null,
    account: summary?.account ?? null,
    state: summary?.state ?? 'completed',
    total: summary?.summary.total ?? null,
    links: { self: `/v1/cancellations/${ids[index]}` },
  }));
  return { status: 200, body: shape === 'single' ? bodies[0] : { cancellations: bodies } };
}
