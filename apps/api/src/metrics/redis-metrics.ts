import { DEFAULT_ACCOUNT, parseQueueName } from '@cancelq/contracts';
import { LATENCY_BUCKETS_S, type RedisConnection } from '@cancelq/queue';

/**
 * A prom-client metric whose values live in a Redis hash that every worker adds to (fields
 * `<queue>|<label>`, the queue naming the provider and the account: see queueNameOf). prom-client registries accept any object with a name and `get()`; this
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

interface Field {
  /** The provider and account labels. */
  whose: { provider: string; account: string };
  label: string;
  value: number;
}

function fieldsOf(hash: Record<string, string>): Field[] {
  return Object.entries(hash).flatMap(([field, value]) => {
    const bar = field.indexOf('|');
    if (bar < 0) return [];
    const queue = field.slice(0, bar);
    const whose = parseQueueName(queue) ?? { provider: queue, account: DEFAULT_ACCOUNT };
    return [{ whose, label: field.slice(bar + 1), value: Number(value) }];
  });
}

/** A counter per provider and account, and one more label (`status`, `outcome`, `reason`). */
export function redisCounter(
  redis: RedisConnection,
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
      const values = fieldsOf(await redis.hgetall(key)).map(({ whose, label, value }) => ({
        labels: { ...whose, [labelName]: label },
        value,
      }));
      return { name, help, type: 'counter', aggregator: 'sum', values };
    },
  };
}

/** A histogram per queue from per-bucket counts (`<queue>|<le>`), `sum` and `count`. */
export function redisHistogram(
  redis: RedisConnection,
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
      const byQueue = new Map<string, { whose: Field['whose']; fields: Map<string, number> }>();
      for (const { whose, label, value } of fieldsOf(await redis.hgetall(key))) {
        const queue = `${whose.provider}@${whose.account}`;
        const entry = byQueue.get(queue) ?? { whose, fields: new Map<string, number>() };
        entry.fields.set(label, value);
        byQueue.set(queue, entry);
      }
      const values: MetricPoint[] = [];
      for (const { whose, fields } of byQueue.values()) {
        let cumulative = 0;
        for (const le of [...LATENCY_BUCKETS_S.map(String), '+Inf']) {
          cumulative += fields.get(le) ?? 0;
          values.push({
            metricName: `${name}_bucket`,
            labels: { ...whose, le },
            value: cumulative,
          });
        }
        values.push({
          metricName: `${name}_sum`,
          labels: whose,
          value: fields.get('sum') ?? 0,
        });
        values.push({
          metricName: `${name}_count`,
          labels: whose,
          value: fields.get('count') ?? 0,
        });
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
  };
}
