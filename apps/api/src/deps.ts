import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import type { ProviderId } from '@cancelq/contracts';
import type { CancellationEvents } from './events/cancellation-events.ts';
import type {
  Accept,
  IdempotencyKeys,
  JobDefaults,
  OutcomeStore,
  PlanLimits,
  QueueOf,
  RedisConnection,
} from '@cancelq/queue';

/** Everything the API's handlers need, passed in so tests can build an API on any Redis. */
export interface ApiDeps {
  redis: RedisConnection;
  /** The default account's queue of each provider. */
  queues: Record<ProviderId, Queue>;
  /** The queue of any account (the default's among them). */
  queueOf: QueueOf;
  /** Each provider's configured account names, `default` first: a request names one of them. */
  accounts: Record<ProviderId, string[]>;
  store: OutcomeStore;
  idempotency: IdempotencyKeys;
  prefix: string;
  jobDefaults: JobDefaults;
  /** Writes a request's acceptance (records, jobs, its idempotency answer) in a transaction. */
  accept: Accept;
  limits: PlanLimits;
  /**
   * Replicas that must hold an acceptance before its 202 (Redis WAIT), and how long to wait for
   * them; 0 replicas: no wait.
   */
  acceptReplicas: { replicas: number; timeoutMs: number };
  /** The fleet-wide series read from Redis at scrape time: what /metrics exposes. */
  metrics: Registry;
  /** Changes of cancellation records, for their event streams. */
  events: CancellationEvents;
  /** Completion webhooks: on (a secret to sign them is set), and whether private targets may be named. */
  webhooks: { enabled: boolean; allowPrivate: boolean; queue?: Queue };
}
