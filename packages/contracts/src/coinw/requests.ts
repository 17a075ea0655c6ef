import { z } from 'zod';
import { accountName } from '../accounts.ts';
import { callbackUrl, MAX_IDS_PER_CANCELLATION, unique } from '../request-fields.ts';
import { COINW_POS_TYPES } from './pos-types.ts';

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

export type CoinwRequest = z.output<typeof coinwRequest>;
