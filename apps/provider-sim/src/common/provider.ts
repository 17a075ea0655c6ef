import type { Request, RequestHandler, Router } from 'express';
import type { Accounts } from './accounts.ts';
import type { FaultSpec } from './faults.ts';
import type { Outcome } from './outcome.ts';
import type { ProviderRuntime } from './runtime.ts';
import type { SettingSpec } from './settings.ts';
import type { LimitSettings } from './sliding-window.ts';

/**
 * One simulated provider. Adding a provider is writing one of these in its own folder and
 * listing it in `app.ts`; the common layer mounts its API at `/<name>` behind the arrival
 * stamp, call recorder, rate limiter and fault injector, and its admin routes at `/_sim/<name>`
 * next to the shared ones (limit, config, faults, calls, reset).
 */
export interface ProviderModule<K extends string, Options> {
  name: string;
  defaultLimit: LimitSettings;
  /** Provider-specific knobs; `latency_ms` is added for every provider. */
  settings: Record<K, SettingSpec>;
  /**
   * The provider's error body shape: every 4xx/5xx the simulator sends for it uses this (except
   * the answers an instance's `answers` takes over).
   */
  errorBody: (status: number, message: string) => unknown;
  create(runtime: ProviderRuntime<K>, options: Options): ProviderInstance;
}

/** What the call log says a call was about. */
export interface CallDescription {
  /** Order ids the call names (path or body), as sent. */
  ids: string[];
  /** Provider-specific reading of the body, e.g. Planet bulk `all_queued`; null otherwise. */
  body_kind: string | null;
}

export interface ProviderInstance {
  /** The provider's accounts: each with its credentials and its own limiter. */
  accounts: Accounts<string>;
  /**
   * The account a call presents the key of (api key, token, AccountId), or null: runs before
   * the limiter, which counts the call in that account's window (null: `default`'s). Only
   * identifies; whether the rest of the credential is right is `prepare`'s question.
   */
  accountOf(req: Request): string | null;
  /**
   * Runs before the arrival stamp, for a provider whose calls name their account in the body
   * (PlanOmatic): reads what `accountOf` needs. Must never answer or fail the call; anything
   * it cannot read is left for `prepare` to answer after the limiter, as before.
   */
  readAhead?: RequestHandler[];
  /**
   * Runs after the limiter and before the fault injector: authentication and body parsing.
   * (PlanOmatic's key is in the body, so parsing cannot be shared.) A call refused here is
   * never faulted.
   */
  prepare: RequestHandler[];
  /** Reads a prepared request for the call log; runs for faulted calls too. */
  describe(req: Request): CallDescription;
  /** Provider API routes: the handlers proper. */
  api: Router;
  /** Provider-specific admin routes (orders, ground truth). */
  admin: Router;
  /** Clears the provider's orders; the runtime resets everything else. */
  reset(): void;
  /**
   * For providers that answer errors as a code inside the JSON body, often under HTTP 200
   * (CoinW), rather than as an HTTP status. Absent (Planet): a limiter refusal is 429
   * `errorBody(429, 'Too many requests')`, a status fault is that status with `errorBody`, and
   * call records carry no `code`.
   */
  answers?: ProviderAnswers;
}

/** How a body-code provider answers where the common layer answers for it. */
export interface ProviderAnswers {
  /**
   * The answer to a call the limiter refused. Sent at once (no `latency_ms`), like Planet's 429.
   * May note the refusal (CoinW counts it towards the ban of the call's `account`).
   */
  throttled(account: string | null): Outcome;
  /** The answer to a fault of kind `500`…`429`; hang, reset and malformed stay common. */
  fault(spec: FaultSpec): Outcome;
  /** The code in an answer body, or null; the call log records it as the call's `code`. */
  codeOf(body: unknown): number | null;
  /** The code that means "throttled": answers with it count in the call log's `count_429`. */
  throttledCode: number;
}
