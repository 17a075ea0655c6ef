import { HypertrackClient } from '@cancelq/providers';
import type { HandlerFactory } from '../handler-factory.ts';
import { hypertrackHandler } from './hypertrack-handler.ts';

export const hypertrackHandlers: HandlerFactory = ({ env, credential, http }) => ({
  handler: hypertrackHandler(
    new HypertrackClient(
      http(env.HYPERTRACK_BASE_URL),
      credential('ACCOUNT_ID'),
      credential('SECRET_KEY'),
    ),
  ),
});
