import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation, ProviderId } from '@cancelq/contracts';
import type { SimCall, SimFault, SimFaultKind } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

/**
 * Provider chaos: every simulator faults 20 % of calls, and 200 mixed cancellations (all four
 * providers, multi-id Planet and CoinW ones among them) must all complete within a deadline,
 * each outcome agreeing with the simulator's ground truth, and no provider's limit exceeded.
 *
 * The numbers, and why the deadline holds:
 * - Limits 20/1s everywhere (worker and simulator alike): a real sliding window to keep to,
 *   twice the default so the test stays short.
 * - Calls per provider without faults: Planet 40 single PUTs + 10 × ⌈12/5⌉ bulk POSTs + 10
 *   reconciling GETs (one running order per multi-id request) = 80; CoinW 40 + 10 × ⌈45/20⌉
 *   = 70; PlanOmatic 50; HyperTrack 50. With 20 % of calls faulted, ≈ 1.25× that: ≤ 100.
 * - Faults: 500 4 %, 502 4 %, 429 with Retry-After: 1 s 3 %, hang 3 %, reset 3 %, malformed
 *   3 %. A 429 pauses its provider for the Retry-After and halves the learned max (AIMD, at
 *   most once per window); it grows back by 2 (a tenth of 20) every 5 windows. ≈ 3 429s per
 *   provider can take the pace from 20/s to 2/s at worst, so plan for ~5/s on average: 100
 *   calls in ~20 s, + 3 s of Retry-After pauses + hangs (1 s each, CANCELQ_REQUEST_TIMEOUT) run
 *   in parallel with other calls. The four providers drain in parallel: ~25 s expected.
 *   Measured 12–36 s on the shared 2-core machine (the slow end while other test suites ran);
 *   DEADLINE_MS = 90 s leaves 2.5× over the slowest. A lower 429 share or higher limits would
 *   shorten it; a higher 429 share collapses the pace towards 1/s and would break it.
 * - Failures: a transient fault costs an attempt, 429s do not. With 17 % of calls failing
 *   transiently, a call fails for good only after 12 faults in a row: 0.17^12 ≈ 6·10⁻¹⁰ per
 *   call, ≈ 2·10⁻⁷ for the ~400 calls of a run. So a `failed` outcome here is a bug.
 */

const LIMIT = 20;
const DEADLINE_MS = 90_000;
const FAULT_SHARES: [SimFaultKind, number][] = [
  ['500', 0.04],
  ['502', 0.04],
  ['429', 0.03],
  ['hang', 0.03],
  ['reset', 0.03],
  ['malformed', 0.03],
];

/**
 * The simulator tries faults in order and applies the first whose dice roll wins, so each rate
 * is conditional on the ones before it missing: this turns shares into those rates.
 */
function faultsWithShares(shares: [SimFaultKind, number][]): SimFault[] {
  let missedSoFar = 1;
  return shares.map(([kind, share]) => {
    const rate = share / missedSoFar;
    missedSoFar -= share;
    return { kind, rate, ...(kind === '429' ? { retry_after_s: 1 } : {}) };
  });
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    PLANET_RATE_LIMIT: `${LIMIT}/1s`,
    COINW_RATE_LIMIT: `${LIMIT}/1s`,
    PLANOMATIC_RATE_LIMIT: `${LIMIT}/1s`,
    HYPERTRACK_RATE_LIMIT: `${LIMIT}/1s`,
    PLANET_BULK_MAX: '5',
    CANCELQ_MAX_ATTEMPTS: '12',
    CANCELQ_REQUEST_TIMEOUT: '1s',
  });
  const sims = [stack.sim, stack.coinw, stack.planomatic, stack.hypertrack];
  for (const sim of sims) {
    await sim.setLimit({ max: LIMIT, duration_ms: 1_000 });
    await sim.addFaults(faultsWithShares(FAULT_SHARES));
  }
});
afterAll(async () => stack?.close());

/** Orders at every simulator, a few of them in a state the provider refuses to cancel. */
async function seedOrders() {
  const planetQueued = (await stack.sim.createOrders({ count: 150 })).map((o) => o.id);
  const planetRunning = (
    await stack.sim.createOrders({
      orders: Array.from({ length: 10 }, () => ({ state: 'running' as const })),
    })
  ).map((o) => o.id);
  const coinw = (await stack.coinw.createOrders({ count: 490 })).map((o) => o.id);
  const planomatic = await stack.planomatic.createOrders({
    orders: Array.from({ length: 50 }, (_, i) => ({
      status: i % 10 === 0 ? ('scheduled' as const) : ('new_request' as const),
    })),
  });
  const hypertrack = await stack.hypertrack.createOrders({
    orders: Array.from({ length: 50 }, (_, i) => ({
      status: i % 10 === 0 ? ('completed' as const) : ('assigned' as const),
    })),
  });

  const bodies: unknown[] = [];
  for (const id of planetQueued.slice(0, 40)) bodies.push({ provider: 'planet', order_ids: [id] });
  for (let i = 0; i < 10; i += 1) {
    const ids = [...planetQueued.slice(40 + i * 11, 51 + i * 11), planetRunning[i]!];
    bodies.push({ provider: 'planet', order_ids: ids });
  }
  for (const id of coinw.slice(0, 40)) bodies.push({ provider: 'coinw', source_ids: [id] });
  for (let i = 0; i < 10; i += 1) {
    bodies.push({ provider: 'coinw', source_ids: coinw.slice(40 + i * 45, 85 + i * 45) });
  }
  for (const order of planomatic) {
    bodies.push({
      provider: 'planomatic',
      order_id: order.order_id,
      cancelation_reason: 'client_requested_cancelation',
      notes: 'Chaos drill.',
    });
  }
  for (const order of hypertrack) {
    bodies.push({ provider: 'hypertrack', order_handle: order.order_handle });
  }
  return bodies;
}

/** Each target's outcome as the simulator's ground truth says it must be. */
async function truth(): Promise<Record<ProviderId, Map<string, string>>> {
  const [planet, coinw, planomatic, hypertrack] = await Promise.all([
    stack.sim.listOrders(),
    stack.coinw.listOrders(),
    stack.planomatic.listOrders(),
    stack.hypertrack.listOrders(),
  ]);
  const refusedOr = (refused: boolean, cancelled: boolean) =>
    cancelled ? 'cancelled' : refused ? 'not_cancellable' : 'untouched';
  return {
    planet: new Map(
      planet.map((o) => [o.id, refusedOr(o.state === 'running', o.state === 'cancelled')]),
    ),
    coinw: new Map(coinw.map((o) => [o.id, refusedOr(false, o.status === 'cancelled')])),
    planomatic: new Map(
      planomatic.map((o) => [
        o.order_id,
        refusedOr(o.status === 'scheduled', o.status === 'canceled'),
      ]),
    ),
    hypertrack: new Map(
      hypertrack.map((o) => {
        const legs = o.attempts.at(-1)?.legs ?? [];
        return [
          o.order_handle,
          refusedOr(
            legs.every((leg) => leg.status === 'completed'),
            legs.every((leg) => leg.status === 'cancelled'),
          ),
        ];
      }),
    ),
  };
}

/** The calls of the busiest second (ms from its first call, status, fault): what a failure shows. */
function densestSecond(calls: SimCall[]): string {
  let best: SimCall[] = [];
  for (let first = 0, last = 0; first < calls.length; first += 1) {
    while (last < calls.length && calls[last]!.at_ms - calls[first]!.at_ms < 1_000) last += 1;
    if (last - first > best.length) best = calls.slice(first, last);
  }
  const start = best[0]?.at_ms ?? 0;
  return best
    .map(
      (c) => `+${Math.round(c.at_ms - start)}ms ${c.status ?? '-'}${c.fault ? ` ${c.fault}` : ''}`,
    )
    .join(', ');
}

/** A 429 the simulator's own limiter answered (not an injected one): we went over its limit. */
const overLimit = (call: SimCall & { code?: number | null }) =>
  call.fault === null && (call.status === 429 || call.code === 29001);

describe('provider chaos: 20 % faults at every provider', () => {
  it(
    '200 mixed cancellations all complete in time, agree with the providers, and keep every limit',
    async () => {
      const bodies = await seedOrders();
      expect(bodies).toHaveLength(200);
      await Promise.all([stack.startReadyWorkerProcess(), stack.startReadyWorkerProcess()]);

      const started = Date.now();
      const accepted = await stack.cancelBatch(bodies);
      const done: Cancellation[] = await Promise.all(
        accepted.map(({ id }) => stack.completed(id, DEADLINE_MS)),
      );
      const elapsedMs = Date.now() - started;
      expect(elapsedMs).toBeLessThan(DEADLINE_MS);

      const expected = await truth();
      const outcomes: Record<string, number> = {};
      for (const cancellation of done) {
        expect(cancellation.summary.pending).toBe(0);
        for (const target of cancellation.targets) {
          outcomes[target.outcome] = (outcomes[target.outcome] ?? 0) + 1;
          expect(
            [cancellation.provider, target.id, target.outcome],
            target.detail ?? undefined,
          ).toEqual([
            cancellation.provider,
            target.id,
            expected[cancellation.provider].get(target.id),
          ]);
        }
      }
      expect(outcomes).toEqual({ cancelled: 150 + 490 + 45 + 45, not_cancellable: 10 + 5 + 5 });

      const summary: string[] = [];
      for (const [provider, sim] of [
        ['planet', stack.sim],
        ['coinw', stack.coinw],
        ['planomatic', stack.planomatic],
        ['hypertrack', stack.hypertrack],
      ] as const) {
        const record = await sim.calls({ windowMs: 1_000 });
        expect(
          record.max_in_window,
          `${provider}: most calls in any second; the busiest: ${densestSecond(record.calls)}`,
        ).toBeLessThanOrEqual(LIMIT);
        expect(record.calls.filter(overLimit), `${provider}: over the limit`).toEqual([]);
        const faulted = record.calls.filter((c) => c.fault !== null);
        summary.push(
          `${provider} ${record.count} calls (${faulted.length} faulted, ${faulted.filter((c) => c.fault === '429').length} 429) max ${record.max_in_window}/s`,
        );
      }
      console.info(`chaos: all 200 completed in ${elapsedMs} ms; ${summary.join('; ')}`);
    },
    DEADLINE_MS + 60_000,
  );
});
