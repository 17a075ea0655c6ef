import {
  accountOf,
  DEFAULT_ACCOUNT,
  type CancellationRequest,
  type CancellationState,
  type ProviderId,
  type RequestSummary,
  type Summary,
  type Target,
} from '@cancelq/contracts';
import { readStoredTarget } from './stored-target.ts';

/** What a new cancellation starts as: every named target pending. */
export interface NewCancellation {
  id: string;
  provider: ProviderId;
  request: CancellationRequest;
  /** The ids the request names; empty when the provider decides (Planet `all_queued`). */
  targetIds: string[];
  createdAt: Date;
}

/**
 * The record hash's fields, as strings, exactly as Redis holds them (the request apart). What a
 * reader can tell without it is left out until it says something: a count still zero (read as
 * 0), `completed_at` (none), `updated_at` (see updatedAtOf), `total_known` (known unless it is
 * '0'), the account when it is the default, and the id (the record's key holds it). Each field
 * left out is bytes a record does not keep and the AOF does not write. A count back to zero is
 * removed (lua/resolve-targets.lua): a completed record keeps no `pending`.
 */
export function newRecordFields(c: NewCancellation): Record<string, string> {
  const now = c.createdAt.toISOString();
  const providerDecides = c.targetIds.length === 0;
  const account = accountOf(c.request);
  return {
    provider: c.provider,
    ...(account === DEFAULT_ACCOUNT ? {} : { account }),
    state: 'queued',
    created_at: now,
    // What a list page shows of the request is kept here, so a page never reads the request
    // (up to ~400 KB with 10,000 ids), which has a key of its own when it differs from this
    // (requestKeyValue). Records written before it existed lack it: see
    // OutcomeStore.requestSummary. Without its `provider`, the record's own field (summaryJsonOf).
    request_summary: withoutProvider(JSON.stringify(requestSummaryOf(c.request))),
    total: String(c.targetIds.length),
    // Until then, the total is not known, and work is not yet represented by targets: the
    // provider call that will name them.
    ...(providerDecides ? { total_known: '0', open: '1' } : {}),
    pending: String(c.targetIds.length),
  };
}

/**
 * What the request's own key holds (outcomeKeys.request): the request as JSON, or null when it
 * has no id array, so its summary in the record is the request itself, byte for byte (a
 * HyperTrack or PlanOmatic request): the same fact is not kept twice. Readers take the record's
 * `request_summary` when the key is missing (OutcomeStore.getVersioned).
 */
export function requestKeyValue(
  request: CancellationRequest,
  /** The summary's JSON when the caller has it already (summaryJsonOf, of the record). */
  summaryJson = JSON.stringify(requestSummaryOf(request)),
): string | null {
  const whole = JSON.stringify(request);
  return whole === summaryJson ? null : whole;
}

/** A summary's JSON begins with its provider: every request shape names it first. */
const PROVIDER_FIRST = /^\{"provider":"[^"\\]*",?/;

/** The summary as a record keeps it: without the provider, which the record holds already. */
function withoutProvider(summaryJson: string): string {
  return summaryJson.replace(PROVIDER_FIRST, '{');
}

/**
 * The record's summary of its request, as JSON, byte for byte as it was made
 * (`JSON.stringify(requestSummaryOf(request))`): its provider put back first. Records written
 * before kept it in the summary; records older still have no summary (undefined).
 */
export function summaryJsonOf(fields: Record<string, string>): string | undefined {
  const stored = fields.request_summary;
  if (stored === undefined || PROVIDER_FIRST.test(stored)) return stored;
  const provider = `"provider":${JSON.stringify(fields.provider ?? '')}`;
  return stored === '{}' ? `{${provider}}` : `{${provider},${stored.slice(1)}`;
}

/**
 * The record fields a list entry is made of, for HMGET: everything but `request`, which a page
 * must not read (a state filter scans up to thousands of records per request).
 */
export const SUMMARY_FIELDS = [
  'provider',
  'account',
  'state',
  'created_at',
  'updated_at',
  'completed_at',
  'total',
  'total_known',
  'pending',
  'cancelled',
  'not_cancellable',
  'not_found',
  'failed',
  'request_summary',
] as const;

/**
 * The request as list pages show it (contracts: `requestSummarySchema`): each array field
 * becomes `<name>_count`, in its place. By shape rather than by name, so an id array a request
 * shape grows later stays out of list pages too.
 */
export function requestSummaryOf(request: Record<string, unknown>): RequestSummary {
  const entries = Object.entries(request).map(([name, value]): [string, unknown] =>
    Array.isArray(value) ? [`${name}_count`, value.length] : [name, value],
  );
  return Object.fromEntries(entries) as RequestSummary;
}

const count = (fields: Record<string, string>, name: string) => Number(fields[name] ?? 0);

/**
 * When the record last changed. A record keeps no `updated_at` until a call changes it, and the
 * call that completes it writes `completed_at` alone (the same instant, kept once:
 * resolve-targets.lua); a change after that (a provider's verdict replacing `failed`) writes
 * `updated_at` again, later than `completed_at`. ISO instants in UTC sort as strings.
 */
export function updatedAtOf(fields: Record<string, string>): string {
  const changes = [fields.updated_at, fields.completed_at].filter((at) => !!at).sort();
  return changes.at(-1) ?? fields.created_at ?? '';
}

/**
 * A cancellation without targets, from its id and record fields, with `request` as given: the
 * whole request for GET /{id}, its summary for a list page. Spelled out so answers keep the
 * contract's field order.
 */
export function recordFromFields<R>(id: string, fields: Record<string, string>, request: R) {
  const summary: Summary = {
    total: fields.total_known === '0' ? null : count(fields, 'total'),
    cancelled: count(fields, 'cancelled'),
    not_cancellable: count(fields, 'not_cancellable'),
    not_found: count(fields, 'not_found'),
    failed: count(fields, 'failed'),
    pending: count(fields, 'pending'),
  };
  return {
    id,
    provider: fields.provider as ProviderId,
    // Records written before accounts existed were all of the default account.
    account: fields.account || DEFAULT_ACCOUNT,
    state: fields.state as CancellationState,
    created_at: fields.created_at ?? '',
    updated_at: updatedAtOf(fields),
    completed_at: fields.completed_at ? fields.completed_at : null,
    request,
    summary,
  };
}

/**
 * Targets in the order the request named them, then any the provider named on its own.
 * The hash does not keep an order, the request does. Each is kept compactly (stored-target.ts).
 */
export function orderedTargets(
  requestIds: string[],
  stored: Record<string, string>,
  cancellation: { id: string; createdAt: string },
): Target[] {
  const named = new Set(requestIds);
  const extras = Object.keys(stored).filter((id) => !named.has(id));
  return [...requestIds, ...extras].flatMap((id) => {
    const raw = stored[id];
    if (raw === undefined) return [];
    // Spelled out first so answers keep the contract's field order.
    return [{ id, ...readStoredTarget(raw, cancellation) }];
  });
}
