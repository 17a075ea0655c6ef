import { PlanomaticClient } from '@cancelq/providers';
import type { HandlerFactory } from '../handler-factory.ts';
import { planomaticHandler } from './planomatic-handler.ts';

export const planomaticHandlers: HandlerFactory = ({ env, credential, http }) => ({
  handler: planomaticHandler(
    new PlanomaticClient(
      http(env.PLANOMATIC_BASE_URL),
      credential('API_TOKEN'),
      env.PLANOMATIC_TOKEN_FIELD,
    ),
  ),
});
