import type { CoinwClient } from '@cancelq/providers';
import { unexpectedJob, type StepHandler } from '../step-outcome.ts';
import { cancelCoinwChunk } from './cancel-chunk.ts';

export function coinwHandler(client: CoinwClient): StepHandler {
  return async (payload, call) => {
    if (payload.kind !== 'coinw.cancel') throw unexpectedJob('coinw', payload);
    return cancelCoinwChunk(client, payload, call);
  };
}
