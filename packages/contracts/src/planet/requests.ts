import { z } from 'zod';
import { accountName } from '../accounts.ts';
import { callbackUrl, MAX_IDS_PER_CANCELLATION, unique } from '../request-fields.ts';

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

export type PlanetOrderIdsRequest = z.output<typeof planetOrderIdsRequest>;
export type PlanetAllQueuedRequest = z.output<typeof planetAllQueuedRequest>;
export type PlanetRequest = PlanetOrderIdsRequest | PlanetAllQueuedRequest;
