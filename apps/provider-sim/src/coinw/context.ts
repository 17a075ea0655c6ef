import type { Response } from 'express';
import type { Accounts } from '../common/accounts.ts';
import { callOf } from '../common/call-context.ts';
import type { Outcome } from '../common/outcome.ts';
import type { ProviderRuntime } from '../common/runtime.ts';
import { send } from '../common/send.ts';
import { codeOf } from './answers.ts';
import type { AccountStorms } from './account-storms.ts';
import type { OrderStore } from './order-store.ts';
import type { CoinwCredentialField, CoinwSettingKey } from './settings.ts';

/** What one CoinW simulator instance holds; its handlers take it instead of singletons. */
export interface CoinwContext {
  runtime: ProviderRuntime<CoinwSettingKey>;
  store: OrderStore;
  storms: AccountStorms;
  accounts: Accounts<CoinwCredentialField>;
}

/** Sends a CoinW answer; a non-zero code counts towards the ban of the call's account. */
export function reply(ctx: CoinwContext, res: Response, out: Outcome): Promise<void> {
  const code = codeOf(out.body);
  if (code !== null && code !== 0) ctx.storms.of(callOf(res).account).note(ctx.runtime.clock.now());
  return send(ctx.runtime, res, out);
}
