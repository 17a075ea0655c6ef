import { performance } from 'node:perf_hooks';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';

export type SlotAnswer =
  | {
      granted: true;
      /** Call once the provider call has its answer (or was given up on). */
      answered: () => Promise<void>;
      /**
       * Call instead when no call was made in the slot after all (a shared call found nothing
       * left to carry): the slot leaves the log, for a call that has something to send.
       */
      unused: () => Promise<void>;
    }
  | {
      granted: false;
      retryInMs: number;
      /**
       * Why: the sliding window is full (`window`), a provider 429 paused every worker
       * (`provider_429`), this process woke up too late for its slots (`late`), or the job is
       * being handed back at shutdown (`stopping`).
       */
      reason: 'window' | 'provider_429' | 'late' | 'stopping';
    };

const FRESH_SLOT_TRIES = 3;
/**
 * How long a starved process steps back after missing its slot every time. The wait is
 * handed to `queue.rateLimit`, which holds the whole queue for every worker, so it must stay
 * short: a whole window (60 s at PlanOmatic's 100/60s) would stall the fleet for one slow process.
 */
export const STARVED_BACKOFF_MS = 100;

/**
 * Takes a slot and waits until it, making sure we are on time. A timer can fire late (a busy
 * or starved process); a call sent late holds back the call a window after it (which waits a
 * window from this one's answer), and so on down the backlog. So a wake-up later than half the
 * safety margin does not send: the slot is given back (the calls really made are a subset of a
 * log that kept to the limit, so they keep to it too; kept as if used, it would waste the
 * window — a burst of late slots under load left a provider idle for a second) and a fresh one
 * is asked for. Lateness is measured from when we asked, which can only overstate it.
 */
export async function takeSlot(
  limiter: SlidingWindowLimiter,
  signal?: AbortSignal,
  /** Keep the even spacing while the window has room (see SlidingWindowLimiter.acquire). */
  spread = false,
): Promise<SlotAnswer> {
  const toleranceMs = limiter.safetyMarginMs / 2;
  for (let attempt = 0; attempt < FRESH_SLOT_TRIES; attempt += 1) {
    const askedAt = performance.now();
    const answer = await limiter.acquire(spread);
    if (!answer.granted)
      return {
        granted: false,
        retryInMs: answer.retryInMs,
        reason: answer.paused ? 'provider_429' : 'window',
      };
    let dueAt = askedAt + answer.delayMs;
    if (answer.delayMs > 0) {
      await sleep(answer.delayMs, signal);
      // A 429 may have paused the provider while we slept: the slot is given back rather than
      // spent on a certain refusal.
      const { pausedForMs, lateMs, earlyMs } = await limiter.checkSlot(
        answer.slotId,
        answer.slotAtMs,
      );
      if (pausedForMs > 0) {
        await limiter.release(answer.slotId);
        return { granted: false, retryInMs: pausedForMs, reason: 'provider_429' };
      }
      // Late by Redis's clock, the log's: a late wake-up, or the wall clock stepped while we
      // slept. Either way the calls scheduled after this slot are due now; take a fresh one.
      if (signal?.aborted !== true && lateMs > toleranceMs) {
        await limiter.release(answer.slotId);
        continue;
      }
      // The call a window back had its answer after this slot was reserved: the slot moved.
      if (earlyMs > 0) {
        await sleep(earlyMs, signal);
        dueAt += earlyMs;
      }
    }
    if (signal?.aborted) {
      await limiter.release(answer.slotId);
      return { granted: false, retryInMs: 1, reason: 'stopping' };
    }
    if (performance.now() - dueAt > toleranceMs) {
      await limiter.release(answer.slotId);
    } else {
      const { slotId } = answer;
      return {
        granted: true,
        answered: () => limiter.answered(slotId),
        unused: () => limiter.release(slotId),
      };
    }
  }
  // Late every time: this process is starved; let BullMQ hand the job to whoever is not.
  return { granted: false, retryInMs: STARVED_BACKOFF_MS, reason: 'late' };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
