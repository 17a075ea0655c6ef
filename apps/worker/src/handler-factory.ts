import type { Env, ProviderAccount } from '@cancelq/config';
import type { HttpClient } from '@cancelq/providers';
import type { JobRunnerDeps } from './job-runner-deps.ts';
import type { StepHandler } from './step-outcome.ts';

export interface ProviderHandlers {
  handler: StepHandler;
  /** Where the provider takes many ids per call: the calls shared across cancellations. */
  shared?: JobRunnerDeps['shared'];
}

/** What createHandler hands every provider's factory: the account's, and nothing else's. */
export interface HandlerContext {
  account: ProviderAccount;
  env: Env;
  /** The account's credential FIELD (`API_KEY`); throws, naming it, when the account lacks it. */
  credential: (field: string) => string;
  /** An HTTP client for `baseUrl` with the configured deadline and answer-size limit. */
  http: (baseUrl: string) => HttpClient;
}

/** One provider's handlers for one account (its folder's `<provider>-handlers.ts`). */
export type HandlerFactory = (context: HandlerContext) => ProviderHandlers;
