import { z } from 'zod';
import { accountName } from './accounts.ts';

/**
 * Where to POST the record once the cancellation completes (a completion webhook). Its target
 * rules (https, a public address) depend on the deployment, and are checked by the API.
 */
const callbackUrl = z
  .string()
  .max(2_048)
  .refine((url) => URL.canParse(url), { message: 'must be an absolute URL' })
  .optional()
  .meta({ description: 'Completion webhook: POSTed the completed record, signed.' });
import { COINW_POS_TYPES } from './coinw-pos-types.ts';
import { PLANOMATIC_CANCELATION_REASONS } from './jobs.ts';
import { boundedText } from './text-rules.ts';

export const MAX_IDS_PER_CANCELLATION = 10_000;
export const MAX_BATCH_ENTRIES = 1_000;

/** Duplicate ids inside one request are merged, keeping the first occurrence's position. */
function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

// Planet validates ids client-side as UUID hex strings before sending (planet-client-python
// `_check_order_id`); case does not matter to a UUID, so ids are compared in lowercase.
const planetOrderId = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'must be a UUID',
  })
  .transform((id) => id.toLowerCase());

export const planetOrderIdsRequest = z
  .strictObject({
    provider: z.literal('planet'),
    account: accountName.optional(),
    callback_url: callbackUrl,
    order_ids: z.array(planetOrderId).min(1).max(MAX_IDS_PER_CANCELLATION).transform(unique),
  })
  .meta({ id: 'PlanetOrderIdsRequest', description: 'Planet orders by id: 1..10,000 UUIDs.' });

// `true` only: `all_queued: false` would be a request to cancel nothing, which is a mistake.
export const planetAllQueuedRequest = z
  .strictObject({
    provider: z.literal('planet'),
    account: accountName.optional(),
    callback_url: callbackUrl,
    all_queued: z.literal(true),
  })
  .meta({ id: 'PlanetAllQueuedRequest', description: 'Every queued Planet order.' });

export const planomaticRequest = z
  .strictObject({
    provider: z.literal('planomatic'),
    account: accountName.optional(),
    callback_url: callbackUrl,
    order_id: boundedText(255).optional(),
    request_id: boundedText(255).optional(),
    cancelation_reason: z.enum(PLANOMATIC_CANCELATION_REASONS),
    notes: boundedText(255, { freeText: true }).refine((notes) => notes.trim().length > 0, {
      message: 'must not be blank',
    }),
  })
  .refine((body) => body.order_id !== undefined || body.request_id !== undefined, {
    message: 'order_id or request_id is required',
    path: ['order_id'],
  })
  .meta({
    id: 'PlanomaticRequest',
    description: 'One PlanOmatic order, by order_id or request_id (request_id wins when both).',
  });

export const coinwRequest = z
  .strictObject({
    provider: z.literal('coinw'),
    account: accountName.optional(),
    callback_url: callbackUrl,
    source_ids: z
      .array(z.string().regex(/^\d{1,32}$/, { message: 'must be a string of 1..32 digits' }))
      .min(1)
      .max(MAX_IDS_PER_CANCELLATION)
      .transform(unique),
    pos_type: z.enum(COINW_POS_TYPES).optional(),
  })
  .meta({ id: 'CoinwRequest', description: 'CoinW futures orders: 1..10,000 digit strings.' });

export const hypertrackRequest = z
  .strictObject({
    provider: z.literal('hypertrack'),
    account: accountName.optional(),
    callback_url: callbackUrl,
    // `.` and `..` cannot be sent as a URL path segment (URL parsers resolve them, even
    // percent-encoded), so such a cancellation could only ever fail.
    order_handle: boundedText(255).refine((handle) => handle !== '.' && handle !== '..', {
      message: 'cannot be "." or "..": a URL path cannot carry it',
    }),
    type: z.enum(['drop', 'pick']).optional(),
    type_index: z.number().int().min(0).max(1_000_000).optional(),
    fulfillment_attempt: z.number().int().min(0).max(1_000_000).optional(),
  })
  .meta({
    id: 'HypertrackRequest',
    description: 'One HyperTrack order handle, with optional selectors.',
  });

const providerHead = z.looseObject({
  provider: z.enum(['planet', 'planomatic', 'coinw', 'hypertrack'], {
    message: 'must be one of planet, planomatic, coinw, hypertrack',
  }),
});

export type ParseResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/**
 * Parses one cancellation request. `provider` picks the shape (Planet has two, told apart by
 * `all_queued`), so a caller gets the errors of the shape they meant, not of every union member.
 */
export function parseCancellationRequest(input: unknown): ParseResult<CancellationRequest> {
  const head = providerHead.safeParse(input);
  if (!head.success) return head;
  switch (head.data.provider) {
    case 'planet':
      return 'all_queued' in head.data
        ? planetAllQueuedRequest.safeParse(input)
        : planetOrderIdsRequest.safeParse(input);
    case 'planomatic':
      return planomaticRequest.safeParse(input);
    case 'coinw':
      return coinwRequest.safeParse(input);
    case 'hypertrack':
      return hypertrackRequest.safeParse(input);
  }
}

export type PlanetOrderIdsRequest = z.output<typeof planetOrderIdsRequest>;
export type PlanetAllQueuedRequest = z.output<typeof planetAllQueuedRequest>;
export type PlanomaticRequest = z.output<typeof planomaticRequest>;
export type CoinwRequest = z.output<typeof coinwRequest>;
export type HypertrackRequest = z.output<typeof hypertrackRequest>;
export type CancellationRequest =
  | PlanetOrderIdsRequest
  | PlanetAllQueuedRequest
  | PlanomaticRequest
  | CoinwRequest
  | HypertrackRequest;

/**
 * Every request shape, for documentation: parsing goes through `parseCancellationRequest`,
 * which picks the shape by `provider` and so reports the errors of the shape the caller meant.
 */
export const cancellationRequestSchema = z
  .union([
    planetOrderIdsRequest,
    planetAllQueuedRequest,
    planomaticRequest,
    coinwRequest,
    hypertrackRequest,
  ])
  .meta({ id: 'CancellationRequest' });

export const batchRequest = z.strictObject({
  cancellations: z.array(z.unknown()).min(1).max(MAX_BATCH_ENTRIES),
});

/** The batch body as documented: each entry is a cancellation request. */
export const batchRequestSchema = z
  .strictObject({
    cancellations: z.array(cancellationRequestSchema).min(1).max(MAX_BATCH_ENTRIES),
  })
  .meta({ id: 'BatchRequest' });

/**
 * The targets a request names: its ids, the order handle, or for PlanOmatic the request_id
 * when given (it takes precedence at the provider), else the order_id. Empty for Planet's
 * `all_queued`, where the provider decides.
 */
export function targetIdsOf(request: CancellationRequest): string[] {
  switch (request.provider) {
    case 'planet':
      return 'order_ids' in request ? request.order_ids : [];
    case 'planomatic':
      return [request.request_id ?? request.order_id ?? ''];
    case 'coinw':
      return request.source_ids;
    case 'hypertrack':
      return [request.order_handle];
  }
}
