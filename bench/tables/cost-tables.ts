import type { CallCostResult } from '../call-cost.ts';
import { CALL_COST_GOALS } from '../call-cost.ts';
import { COST_GOALS } from '../cost.ts';
import { fixed, met, pct, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';

export function costSection(rows: NonNullable<Results['cost']>): string[] {
  const bytes = (v: number) => `${whole(v)} B`;
  const { redisBytesPerOrder: memoryGoal, aofBytesPerOrder: aofGoal } = COST_GOALS;
  return [
    `**Cost** per cancelled order at steady state: one worker process draining at the limit, after a warm-up. Redis memory is what the order leaves for the retention (the growth of \`used_memory\` without clients' and the AOF's buffers, less that of the keys capped whatever the orders kept: the queue's event stream and the limiter's logs); goals ≤ ${bytes(memoryGoal)} in memory and ≤ ${bytes(aofGoal)} of AOF an order.`,
    '',
    ...table(
      [
        'provider',
        'ids per call',
        'orders',
        'worker CPU per order',
        'Redis memory per order',
        'met',
        'AOF per order',
        'met',
      ],
      rows.map((row) => [
        row.provider,
        String(row.ids_per_call),
        whole(row.orders),
        range(row.cpu_ms_per_order, (v) => `${v.toFixed(2)} ms`),
        range(row.redis_bytes_per_order, bytes),
        met(row.redis_bytes_per_order.median <= memoryGoal),
        range(row.aof_bytes_per_order, bytes),
        met(row.aof_bytes_per_order.median <= aofGoal),
      ]),
    ),
  ];
}

/** The two cost figures (throughput-bound, idle), then where a call's CPU goes. */
export function callCostSection(r: CallCostResult): string[] {
  const goals = CALL_COST_GOALS;
  const msFmt = (digits: number) => (v: number) => `${v.toFixed(digits)} ms`;
  return [
    `**Cost of a provider call**, the limit out of the way: ${whole(r.calls)} HyperTrack single-order cancellations (one target, one call each), accepted in batches of 1,000 while one worker process drains them against a simulator with its limit lifted; the worker's CPU over the drain (user + system, from /proc), per call. The process has drained as many calls before, as a daemon that has run a while has: a fresh process pays more for its first few thousand calls while V8 compiles their paths, and that first drain is shown apart. **Idle**: the same worker's CPU per second divided by its 4 provider queues, with every queue empty (from 14 s after the drain: V8 shrinks the heap the drain grew in its first ~10 s, a cost of the drain, not of waiting), and with one queue holding a backlog that waits for its window (PlanOmatic at 5 calls per 10 s). **The floor**, in the same run and on the same stack: as many HyperTrack cancels made by a plain BullMQ worker process (concurrency 16, one undici call per job, its answer parsed, nothing else; bench/raw-caller.ts), after a first drain of its own: what a BullMQ job and a loopback call cost this machine that day, so the ratio says what cancelq adds on any machine.`,
    '',
    ...table(
      ['figure', 'measured', 'target', 'met'],
      [
        [
          'worker CPU per single-target call',
          range(r.cpu_ms_per_call, msFmt(3)),
          `≤ ${goals.cpuMsPerCall} ms`,
          met(r.cpu_ms_per_call.median <= goals.cpuMsPerCall),
        ],
        [
          'calls/s, one worker process',
          range(r.calls_per_s, whole),
          `≥ ${whole(goals.callsPerSecond)}`,
          met(r.calls_per_s.median >= goals.callsPerSecond),
        ],
        // Results written before the first drain was measured apart have none.
        ...(r.first_cpu_ms_per_call && r.first_calls_per_s
          ? [
              [
                `the first drain of a fresh worker process (${whole(r.calls)} calls): CPU per call`,
                range(r.first_cpu_ms_per_call, msFmt(3)),
                '—',
                '—',
              ],
              ['the first drain: its calls/s', range(r.first_calls_per_s, whole), '—', '—'],
            ]
          : []),
        // Results written before the floor was measured have none.
        ...(r.raw_cpu_ms_per_call && r.raw_calls_per_s && r.cpu_per_call_over_raw
          ? [
              [
                'the floor: CPU per call of a plain BullMQ worker making the same calls',
                range(r.raw_cpu_ms_per_call, msFmt(3)),
                '—',
                '—',
              ],
              ['the floor: its calls/s', range(r.raw_calls_per_s, whole), '—', '—'],
              [
                "cancelq's CPU per call ÷ the floor's (run by run)",
                range(r.cpu_per_call_over_raw, fixed(2)),
                '—',
                '—',
              ],
            ]
          : []),
        [
          'idle CPU per second, per empty provider queue',
          range(r.idle_cpu_ms_per_s_per_queue, msFmt(2)),
          `≤ ${goals.idleMsPerSecond} ms`,
          met(r.idle_cpu_ms_per_s_per_queue.median <= goals.idleMsPerSecond),
        ],
        [
          'idle CPU per second, per provider queue, while one waits for its window',
          range(r.waiting_cpu_ms_per_s_per_queue, msFmt(2)),
          `≤ ${goals.idleMsPerSecond} ms`,
          met(r.waiting_cpu_ms_per_s_per_queue.median <= goals.idleMsPerSecond),
        ],
      ],
    ),
    '',
    `**Where a call's CPU goes**: the same warm drain once more with the worker under \`node --cpu-prof\` (${whole(r.profile.calls)} calls; the profiler itself adds to every part). Each sample goes to the first part with a frame on its stack, in the order below; idle time is left out.`,
    '',
    ...table(
      ['part', 'share of busy CPU', 'ms per call'],
      r.profile.parts.map((p) => [p.part, pct(p.share), fixed(3)(p.ms_per_call)]),
    ),
  ];
}

export type { Results };
