/** Upper bounds (seconds) of the provider call latency histogram. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The bucket a latency falls in: the smallest bound that holds it, or `+Inf`. */
export function latencyBucket(seconds: number): string {
  const bound = LATENCY_BUCKETS_S.find((le) => seconds <= le);
  return bound === undefined ? '+Inf' : String(bound);
}
