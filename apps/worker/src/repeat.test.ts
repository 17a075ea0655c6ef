import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeat } from './repeat.ts';

afterEach(() => vi.useRealTimers());

describe('repeat', () => {
  it('runs one at a time: a slow run is not piled on, and stop waits for it', async () => {
    vi.useFakeTimers();
    let started = 0;
    let finish: () => void = () => undefined;
    const task = () => {
      started += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const repeating = repeat(task, 100, () => undefined, { now: true });
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(1);
    let stopped = false;
    const stopping = repeating.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(1);
  });

  it('reports a failed run and runs again at the next tick', async () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    let runs = 0;
    const repeating = repeat(
      () => {
        runs += 1;
        return Promise.reject(new Error(`run ${runs} failed`));
      },
      100,
      (error) => errors.push(error.message),
    );
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(250);
    expect(errors).toEqual(['run 1 failed', 'run 2 failed']);
    await repeating.stop();
  });
});
