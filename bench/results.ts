import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AccountsRow } from './accounts.ts';
import type { CoalescingRow } from './coalescing.ts';
import type { BenchName } from './config.ts';
import type { CallCostResult } from './call-cost.ts';
import type { CostRow } from './cost.ts';
import type { LatencyResult } from './dispatch-latency.ts';
import type { DrainRow } from './drain.ts';
import type { EnqueueResult } from './enqueue.ts';
import type { Machine } from './harness/machine.ts';
import type { RaceResult } from './planet-race.ts';

/** Everything one `pnpm bench` measured: bench/results.json. */
export interface Results {
  measured_at: string;
  /** `full`: every benchmark at full size; only a full run is published (docs/benchmarks.md). */
  mode: 'full' | 'quick' | 'partial';
  benchmarks: BenchName[];
  runs_per_figure: number;
  duration_s: number;
  machine: Machine;
  /** 1, 5 and 15 minute load averages as each benchmark started: was the machine busy? */
  load_at_start?: Partial<Record<BenchName, number[]>>;
  redis_appendfsync: string;
  enqueue?: EnqueueResult;
  drain?: DrainRow[];
  dispatch_latency?: LatencyResult;
  /** Single-order traffic through shared calls (CoinW, Planet), with the idle latency beside. */
  coalescing?: CoalescingRow[];
  /** Many CoinW accounts draining at once: aggregate rate ÷ the sum of their limits. */
  accounts?: AccountsRow[];
  planet_race?: RaceResult;
  cost?: CostRow[];
  /** Worker CPU per provider call with the limit lifted, idle CPU, and the profile. */
  call_cost?: CallCostResult;
}

export async function writeResults(file: string, results: Results): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
