import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cores: number;
  cpu_model: string;
  memory_gib: number;
  node: string;
  redis: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  load_before: number[];
  load_after: number[];
}

export function loadAverage(): number[] {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

/** What the run was measured on: the figures mean little without it on a shared machine. */
export function describeMachine(loadBefore: number[]): Machine {
  let redis = 'unknown';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported as unknown; the benchmarks themselves fail clearly without redis-server.
  }
  return {
    cores: os.cpus().length,
    cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    redis: /v=(\S+)/.exec(redis)?.[1] ?? redis,
    load_before: loadBefore,
    load_after: loadAverage(),
  };
}
