import type { Redis } from 'ioredis';
import { LATENCY_BUCKETS_S } from '@cancelq/queue';

/**
 * A prom-client metric whose values live in a Redis hash that every worker adds to (fields
 * `<provider>|<label>`). prom-client registries accept any object with a name and `get()`; this
 * is that object, so the fleet's sums are exposed with prom-client's own formatting.
 */
export interface RedisBackedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: 'counter' | 'histogram';
    aggregator: 'sum';
    values: MetricPoint[];
  }>;
  reset(): void;
}

/** One line of the exposition: prom-client's value shape (its type is not exported). */
interface MetricPoint {
  metricName?: string;
  labels: Record<string, string>;
  value: number;
}

function fieldsOf(
  hash: Record<string, string>,
): { provider: string; label: string; value: number }[] {
  return Object.entries(hash).flatMap(([field, value]) => {
    const bar = field.indexOf('|');
    if (bar < 0) return [];
    return [{ provider: field.slice(0, bar), label: field.slice(bar + 1), value: Number(value) }];
  });
}

/** A counter per provider and one more label (`status`, `outcome`, `reason`). */
export function redisCounter(
  redis: Redis,
  key: string,
  name: string,
  help: string,
  labelName: string,
): RedisBackedMetric {
  return {
    name,
    help,
    type: 'counter',
    aggregator: 'sum',
    reset: () => undefined,
    async get() {
      const values = fieldsOf(await redis.hgetall(key)).map(({ provider, label, value }) => ({
        labels: { provider, [labelName]: label },
        value,
      }));
      return { name, help, type: 'counter', aggregator: 'sum', values };
    },
  };
}

/** A histogram per provider from per-bucket counts (`<provider>|<le>`), `sum` and `count`. */
export function redisHistogram(
  redis: Redis,
  key: string,
  name: string,
  help: string,
): RedisBackedMetric {
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    reset: () => undefined,
    async get() {
      const byProvider = new Map<string, Map<string, number>>();
      for (const { provider, label, value } of fieldsOf(await redis.hgetall(key))) {
        const fields = byProvider.get(provider) ?? new Map<string, number>();
        fields.set(label, value);
        byProvider.set(provider, fields);
      }
      const values: MetricPoint[] = [];
      for (const [provider, fields] of byProvider) {
        let cumulative = 0;
        for (const le of [...LATENCY_BUCKETS_S.map(String), '+Inf']) {
          cumulative += fields.get(le) ?? 0;
          values.push({
            metricName: `${name}_bucket`,
            labels: { provider, le },
            value: cumulative,
          });
        }
        values.push({
          metricName: `${name}_sum`,
          labels: { provider },
          value: fields.get('sum') ?? 0,
        });
        values.push({
          metricName: `${name}_count`,
          labels: { provider },
          value: fields.get('count') ?? 0,
        });
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
  };
}
