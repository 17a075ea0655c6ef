/** Each worker's own port: its process metrics, health and readiness. */
import { describe, expect, it } from 'vitest';
import { freePort } from '@cancelq/test-utils';
import { parse } from './metrics-samples.ts';
import { stack, useMetricsStack } from './metrics-stack.ts';

useMetricsStack();

describe('GET /metrics after a run', () => {
  it('each worker serves its own process metrics, health and readiness on its port', async () => {
    const port = await freePort();
    const worker = await stack.startWorker({
      CANCELQ_PROVIDERS: 'planet',
      CANCELQ_WORKER_PORT: String(port),
    });
    try {
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      const samples = parse(await metrics.text());
      expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await worker.close();
    }
  });
});
