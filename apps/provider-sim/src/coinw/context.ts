import type { Response } from 'express';
import type { Outcome } from '../common/outcome.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { codeOf } from './answers.ts';
import type { CoinwKeys } from './authenticate.ts';
import type { ErrorStorm } from './error-storm.ts';
import type { OrderStore } from './order-store.ts';
import type { CoinwSettingKey } from './settings.ts';

/** What one CoinW simulator instance holds; its handlers take it instead of singletons. */
export interface CoinwContext {
  runtime: ProviderRuntime<CoinwSettingKey>;
  store: OrderStore;
  storm: ErrorStorm;
  keys: CoinwKeys;
}

/** Sends a CoinW answer; a non-zero code counts towards the error-storm ban. */
export function reply(ctx: CoinwContext, res: Response, out: Outcome): Promise<void> {
  const code = codeOf(out.body);
  if (code !== null && code !== 0) ctx.storm.note(ctx.runtime.clock.now());
  return send(ctx.runtime, res, out);
}
