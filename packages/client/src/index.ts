export { CancelqClient, type Created } from './client.ts';
export { DEFAULTS, type CancelqClientOptions } from './options.ts';
export type {
  Accepted,
  Cancellation,
  CancellationPage,
  CancellationSummary,
  Issue,
  Summary,
  Target,
} from './answers.ts';
export type {
  CallOptions,
  CancellationBody,
  CoinwBody,
  CreateOptions,
  HypertrackBody,
  ListQuery,
  PlanetAllQueuedBody,
  PlanetOrderIdsBody,
  PlanomaticBody,
} from './requests.ts';
export {
  CancelqAuthError,
  CancelqConflictError,
  CancelqError,
  CancelqNetworkError,
  CancelqNotFoundError,
  CancelqUnavailableError,
  CancelqUnexpectedAnswerError,
  CancelqValidationError,
  CancelqWaitTimeoutError,
  type CancelqErrorFields,
  type ClientErrorCode,
} from './errors.ts';
export type { RetryEvent } from './retry.ts';
export type { CancellationTransport, TransportContext } from './transport.ts';
export { pollingTransport } from './polling-transport.ts';
export { createSseTransport, sseTransport, type SseTransportOptions } from './sse-transport.ts';
export type { WaitOptions } from './wait-until-completed.ts';
export type { WatchOptions } from './watch-cancellation.ts';
export {
  CANCELLATION_STATES,
  DEFAULT_ACCOUNT,
  PROVIDERS,
  TARGET_OUTCOMES,
  type ApiErrorCode,
  type CancellationState,
  type ProviderId,
  type TargetOutcome,
} from './vocabulary.ts';
