import { PlanetClient } from '@cancelq/providers';
import type { HandlerFactory } from '../handler-factory.ts';
import { planetHandler } from './planet-handler.ts';
import { planetSettleCall } from './planet-settle-call.ts';
import { planetSharedCall } from './planet-shared-call.ts';

export const planetHandlers: HandlerFactory = ({ account, env, credential, http }) => {
  const client = new PlanetClient(http(env.PLANET_BASE_URL), credential('API_KEY'));
  return {
    handler: planetHandler(client),
    shared: {
      'planet.call': planetSharedCall(client, env.PLANET_BULK_MAX, account.name),
      'planet.settle': planetSettleCall(client, account.name),
    },
  };
};
