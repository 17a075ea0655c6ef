import { CoinwClient } from '@cancelq/providers';
import type { HandlerFactory } from '../handler-factory.ts';
import { coinwHandler } from './coinw-handler.ts';
import { coinwSharedCall } from './coinw-shared-call.ts';

export const coinwHandlers: HandlerFactory = ({ env, credential, http }) => {
  const client = new CoinwClient(http(env.COINW_BASE_URL), {
    apiKey: credential('API_KEY'),
    secretKey: credential('SECRET_KEY'),
  });
  return {
    handler: coinwHandler(client),
    shared: { 'coinw.call': coinwSharedCall(client, env.COINW_BATCH_MAX) },
  };
};
