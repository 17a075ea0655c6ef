import {
  DEFAULT_ACCOUNT,
  type AccountSpec,
  type Credentials,
  type CredentialSpec,
} from './account-spec.ts';
import { checkAccounts } from './check-accounts.ts';
import { SlidingWindowLimiter, type LimitSettings } from './sliding-window.ts';

export interface Account<F extends string> {
  name: string;
  credentials: Credentials<F>;
  /** This account's own sliding window: one account's 429s never touch another's slots. */
  limiter: SlidingWindowLimiter;
}

/**
 * One provider's accounts. `default` always exists; the others are replaced as a whole (the
 * admin `PUT /accounts`) and come back to the start accounts on reset.
 */
export class Accounts<F extends string> {
  private byName = new Map<string, Account<F>>();
  private byKey = new Map<string, Account<F>>();

  constructor(
    readonly spec: CredentialSpec<F>,
    private readonly defaultCredentials: Credentials<F>,
    private readonly startAccounts: readonly AccountSpec<F>[],
    private readonly defaultLimit: LimitSettings,
  ) {
    this.reset();
  }

  get(name: string): Account<F> | undefined {
    return this.byName.get(name);
  }

  /** The account whose key field (api key, token, AccountId) is `key`; undefined if none. */
  withKey(key: unknown): Account<F> | undefined {
    return typeof key === 'string' ? this.byKey.get(key) : undefined;
  }

  /** `default` first, then the others in the order they were given. */
  list(): Account<F>[] {
    return [...this.byName.values()];
  }

  /**
   * The window a call counts against: its account's; `default`'s when it presented no
   * credential we know, as every call did before there were accounts.
   */
  limiterFor(name: string | null): SlidingWindowLimiter {
    const account = this.byName.get(name ?? DEFAULT_ACCOUNT) ?? this.byName.get(DEFAULT_ACCOUNT);
    return account!.limiter;
  }

  /**
   * Replaces every account but `default` (which keeps its credentials, limit and window). The
   * new accounts start with empty windows, even one named as before: it is a new account.
   */
  replace(specs: readonly AccountSpec<F>[]): void {
    checkAccounts(specs, this.spec, this.defaultCredentials);
    const kept = this.byName.get(DEFAULT_ACCOUNT)!;
    this.byName = new Map([[DEFAULT_ACCOUNT, kept]]);
    this.byKey = new Map([[kept.credentials[this.spec.key], kept]]);
    for (const spec of specs) {
      const account: Account<F> = {
        name: spec.name,
        credentials: { ...spec.credentials },
        limiter: new SlidingWindowLimiter({ ...this.defaultLimit, ...spec.limit }),
      };
      this.byName.set(account.name, account);
      this.byKey.set(account.credentials[this.spec.key], account);
    }
  }

  /** Back to the start: `default` at the provider's limit, the start accounts, empty windows. */
  reset(): void {
    const account: Account<F> = {
      name: DEFAULT_ACCOUNT,
      credentials: { ...this.defaultCredentials },
      limiter: new SlidingWindowLimiter(this.defaultLimit),
    };
    this.byName = new Map([[DEFAULT_ACCOUNT, account]]);
    this.byKey = new Map([[account.credentials[this.spec.key], account]]);
    this.replace(this.startAccounts);
  }
}
