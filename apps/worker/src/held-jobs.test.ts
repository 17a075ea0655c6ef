import { describe, expect, it } from 'vitest';
import { HeldJobs } from './held-jobs.ts';

// 10/1s with the default margin: a slot every 102.5 ms; locks renewed after 500 ms.
const AT_10_PER_S = { full: 16, spacingMs: 102.5, unrenewedMs: 500 };

function attached(options = AT_10_PER_S) {
  const held = new HeldJobs(options);
  const worker = { concurrency: options.full };
  held.attach(worker);
  return { held, worker };
}

describe('HeldJobs', () => {
  it('holds all it may while slots go at once (a burst)', () => {
    const { held, worker } = attached();
    held.slotTaken(0);
    expect(worker.concurrency).toBe(16);
  });

  it('in a backlog, holds only the jobs whose slots come before a lock renewal', () => {
    const { held, worker } = attached();
    held.callTook(2);
    held.slotTaken(300);
    expect(worker.concurrency).toBe(5);
  });

  it('holds more while calls take long, so the calls in flight still fill every slot', () => {
    const { held, worker } = attached();
    held.callTook(800);
    held.slotTaken(300);
    expect(worker.concurrency).toBe(13);
    // The longest call fades as shorter ones follow it.
    for (let i = 0; i < 30; i += 1) held.callTook(2);
    held.slotTaken(300);
    expect(worker.concurrency).toBe(6);
  });

  it('never holds fewer than two (one in flight, one waiting) nor more than it may', () => {
    // PlanOmatic's 100/60s: a slot every 606 ms.
    const slow = attached({ full: 16, spacingMs: 606, unrenewedMs: 500 });
    slow.held.slotTaken(300);
    expect(slow.worker.concurrency).toBe(2);
    const { held, worker } = attached();
    held.callTook(5_000);
    held.slotTaken(300);
    expect(worker.concurrency).toBe(16);
  });

  it('keeps all it may for a wait too short to renew a lock (a call spread through a surge)', () => {
    const { held, worker } = attached();
    held.slotTaken(100);
    expect(worker.concurrency).toBe(16);
    // Once in a backlog, a short wait holds what the pace needs, as any other.
    held.slotTaken(300);
    held.callTook(800);
    held.slotTaken(100);
    expect(worker.concurrency).toBe(13);
  });

  it('holds all it may again as soon as a slot goes at once', () => {
    const { held, worker } = attached();
    held.slotTaken(300);
    held.slotTaken(0);
    expect(worker.concurrency).toBe(16);
  });
});
