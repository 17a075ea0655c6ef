import { DEFAULT_ACCOUNT } from '../common/account-spec.ts';
import { ErrorStorm } from './error-storm.ts';

/**
 * One error-storm count per account: CoinW bans the API key that erred ("this many errors ban
 * the key"), so one account's storm (its 29001s included) never bans another. A call whose key
 * matched no account counts for `default`, as it counts in `default`'s rate window.
 */
export class AccountStorms {
  private readonly storms = new Map<string, ErrorStorm>();

  constructor(private readonly threshold: () => number) {}

  of(account: string | null): ErrorStorm {
    const name = account ?? DEFAULT_ACCOUNT;
    let storm = this.storms.get(name);
    if (storm === undefined) {
      storm = new ErrorStorm(this.threshold);
      this.storms.set(name, storm);
    }
    return storm;
  }

  clear(): void {
    this.storms.clear();
  }
}
