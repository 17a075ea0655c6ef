import { z } from 'zod';
import { accountName } from '../accounts.ts';
import { callbackUrl } from '../request-fields.ts';
import { boundedText } from '../text-rules.ts';

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

export type HypertrackRequest = z.output<typeof hypertrackRequest>;
