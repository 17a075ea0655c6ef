import { z } from 'zod';
import { accountName } from '../accounts.ts';
import { callbackUrl } from '../request-fields.ts';
import { boundedText } from '../text-rules.ts';
import { PLANOMATIC_CANCELATION_REASONS } from './jobs.ts';

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

export type PlanomaticRequest = z.output<typeof planomaticRequest>;
