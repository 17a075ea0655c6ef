import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { ProviderId } from '@cancelq/contracts';
import type { IdempotencyKeys, JobDefaults, OutcomeStore, PlanLimits } from '@cancelq/queue';

/** Everything the API's handlers need, passed in so tests can build an API on any Redis. */
export interface ApiDeps {
  redis: Redis;
  queues: Record<ProviderId, Queue>;
  store: OutcomeStore;
  idempotency: IdempotencyKeys;
  prefix: string;
  jobDefaults: JobDefaults;
  limits: PlanLimits;
  /** What /metrics exposes. */
  metrics: Registry;
}
