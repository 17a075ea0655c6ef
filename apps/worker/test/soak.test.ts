import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { MB, streamBytes, usedMemory } from './redis-memory.ts';
import {
  BATCH,
  bodies,
  failedJobs,
  part,
  PER_RETAINED,
  unfinishedJobs,
  useSoakPart,
  WARM_UP,
} from './soak-part.ts';

/**
 * Redis memory stays bounded however many cancellations go through: what is kept is the backlog
 * plus what finished within CANCELQ_RETENTION, never the history. (What one retained
 * cancellation costs, for sizing Redis, is measured by soak-retained-bytes.test.ts.)
 *
 * The soak runs on a redis-server of its own, so INFO memory sees only this test's keys.
 */

/**
 * The 50,000 the issue asks for: ~100 s of draining at ~500/s on a 2-core machine. A quicker
 * local run: `CANCELQ_SOAK_TOTAL=5000 pnpm vitest run --project @cancelq/worker test/soak.test.ts`.
 */
const TOTAL = Number(process.env.CANCELQ_SOAK_TOTAL ?? 50_000);
/** Draining at no less than 150/s (a third of what this machine does while shared), plus a minute. */
const SOAK_TIMEOUT_MS = (TOTAL / 150) * 1_000 + 60_000;
/** Accept another batch only while fewer jobs than this wait: the producer keeps pace. */
const BACKLOG = 2_000;
const RETENTION_S = 5;
/** Keys per retained single-target cancellation: record, targets, job, job log. */
const KEYS_PER_RETAINED = 4;
/**
 * BullMQ's event streams (capped at ~1,000 events per queue, 0.8 MB for the four), the limiter
 * logs, the queues' own keys: there whatever the load.
 */
const FIXED = 8 * MB;
/**
 * The soak's limits, 250/s per provider, cap the drain at 1,000/s on any machine, so what is
 * retained at any moment is at most BACKLOG + BATCH (accepted, not yet run) + 1,000/s × 7 s
 * (finished within the retention, and 2 s of slack) = 10,000 cancellations × 6 KB ≈ 57 MB, and
 * FIXED: 65 MB. Keeping every cancellation instead would take TOTAL × ~4.2 KB: 84 MB for 20,000,
 * 210 MB for 50,000.
 */
const SOAK_LIMIT = '250/1s';
const PEAK_BOUND = 65 * MB;
/** After the retention, with no new work: only the fixed keys. */
const SETTLED_BOUND = 6 * MB;
const SETTLED_KEYS = 100;

interface Sample {
  at: number;
  used: number;
  keys: number;
  /** Cancellations finished so far (accepted − unfinished). */
  finished: number;
  unfinished: number;
  /** Taken while batches were still being accepted: every queue busy. */
  feeding: boolean;
}

describe(`soak: ${TOTAL} cancellations with CANCELQ_RETENTION=${RETENTION_S}s`, () => {
  useSoakPart(`${RETENTION_S}s`, SOAK_LIMIT);

  it(
    'Redis memory follows what the retention keeps, stays bounded, and falls back after it',
    async () => {
      const { stack, client, queues } = part!;
      const baseline = await usedMemory(client);
      const samples: Sample[] = [];
      // Counted from the warm-up on, whose cancellations are still retained at first. Counted
      // before each batch is sent, so `finished` never lags the jobs a sample sees.
      let accepted = WARM_UP;
      let sampling = true;
      const sample = async () => {
        const unfinished = await unfinishedJobs(queues);
        const [used, keys] = [await usedMemory(client), await client.dbsize()];
        const feeding = accepted < TOTAL + WARM_UP;
        samples.push({
          at: Date.now(),
          used,
          keys,
          unfinished,
          finished: accepted - unfinished,
          feeding,
        });
      };
      const sampler = (async () => {
        while (sampling) {
          await sample();
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();

      const started = Date.now();
      const perProvider = BATCH / PROVIDERS.length;
      while (accepted < TOTAL + WARM_UP) {
        await waitFor(async () => (await unfinishedJobs(queues)) < BACKLOG, {
          what: 'the backlog to shrink',
          timeoutMs: 60_000,
          intervalMs: 50,
        });
        const batch = await Promise.all(PROVIDERS.map((p) => bodies(stack, p, perProvider)));
        accepted += BATCH;
        await stack.cancelBatch(batch.flat());
      }
      await waitFor(async () => (await unfinishedJobs(queues)) === 0, {
        what: 'the queues to drain',
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      const drainedMs = Date.now() - started;
      await sample();
      const during = [...samples];
      expect(await failedJobs(queues)).toBe(0);
      const cancelled = [
        (await stack.sim.listOrders('cancelled')).length,
        (await stack.coinw.listOrders('cancelled')).length,
        (await stack.planomatic.listOrders('canceled')).length,
        (await stack.hypertrack.listOrders()).filter((o) =>
          o.attempts.at(-1)?.legs.every((leg) => leg.status === 'cancelled'),
        ).length,
      ];
      expect(cancelled).toEqual(PROVIDERS.map(() => (TOTAL + WARM_UP) / PROVIDERS.length));

      // While work flows, memory and keys are what the retention keeps: the backlog plus what
      // finished within the last retention — never the history. Slack: 2 s, because BullMQ
      // removes a finished job only when a later job of its queue finishes, and a queue that ran
      // dry waits for the next batch. (Once everything has drained, the worker's janitor removes
      // the last jobs: the fallback below.)
      for (const s of during.filter((o) => o.feeding)) {
        const since = s.at - (RETENTION_S + 2) * 1_000;
        const before = during.findLast((o) => o.at <= since)?.finished ?? 0;
        const retained = s.unfinished + (s.finished - before);
        expect(s.used - baseline, `used_memory at ${s.at - started} ms`).toBeLessThan(
          retained * PER_RETAINED + FIXED,
        );
        expect(s.keys, `keys at ${s.at - started} ms`).toBeLessThan(
          retained * KEYS_PER_RETAINED * 1.2 + 200,
        );
      }
      const peak = during.reduce((max, s) => (s.used > max.used ? s : max));
      const peakKeys = Math.max(...during.map((s) => s.keys));
      expect(peak.used - baseline).toBeLessThan(PEAK_BOUND);

      // With no new work at all, memory falls back once the retention has passed: outcome
      // records expire by themselves, and the workers' janitor removes the finished jobs that
      // BullMQ would keep until a later job of their queue finished (one sweep per retention).
      await waitFor(
        async () => {
          const [used, keys] = [await usedMemory(client), await client.dbsize()];
          return used - baseline < SETTLED_BOUND && keys < SETTLED_KEYS;
        },
        {
          what: 'memory to fall back',
          timeoutMs: (2 * RETENTION_S + 30) * 1_000,
          intervalMs: 500,
        },
      );
      sampling = false;
      await sampler;
      const [settled, settledKeys] = [await usedMemory(client), await client.dbsize()];
      const streams = await streamBytes(client, stack.prefix);
      console.info(
        `soak: ${TOTAL} drained in ${drainedMs} ms (${Math.round((TOTAL / drainedMs) * 1_000)}/s); ` +
          `used_memory baseline ${(baseline / MB).toFixed(1)} MB, ` +
          `peak +${((peak.used - baseline) / MB).toFixed(1)} MB at ${Math.round((peak.at - started) / 1_000)} s ` +
          `(most keys ${peakKeys}), after the retention +${((settled - baseline) / MB).toFixed(1)} MB ` +
          `(${settledKeys} keys, event streams ${(streams / MB).toFixed(1)} MB)`,
      );
    },
    SOAK_TIMEOUT_MS,
  );
});
