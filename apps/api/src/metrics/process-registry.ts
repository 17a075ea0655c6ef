import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * This process's own metrics (CPU, memory, event loop lag, GC, handles) under prom-client's
 * standard names (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`…), unprefixed so
 * stock Node dashboards work. Each API replica is its own scrape target: Prometheus's `job` and
 * `instance` labels tell them apart, and summing them across replicas is meaningful.
 */
export function createProcessRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
