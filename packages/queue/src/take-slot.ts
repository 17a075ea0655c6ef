import { performance } from 'node:perf_hooks';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import type { Acquisition, AnsweredStep, Pace } from './sliding-window-scripts.ts';

export type SlotAnswer =
  | {
      granted: true;
      /** How long the call waited in this process for its slot (0: it went at once). */
      waitedMs: number;
      /**
       * Call once the provider call has its answer (or was given up on), unless a script that
       * settles the call took it as a step (`takeAnswered`); once is all it does.
       */
      answered: () => Promise<void>;
      /**
       * `answered` as a step for the script that writes the call's first outcome (one round
       * trip fewer a call), once: `answered()` does nothing after.
       */
      takeAnswered: () => AnsweredStep | undefined;
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

/**
 * An acquisition already made, by a script that acquires as one of its steps (CallPool.start),
 * and when it was asked (performance.now()): takeSlot's first try.
 */
export interface FirstAcquisition {
  answer: Acquisition;
  askedAt: number;
}

const FRESH_SLOT_TRIES = 3;
/**
 * How long a starved process steps back after missing its slot every time. The wait is
 * handed to `queue.rateLimit`, which holds the whole queue for every worker, so it must stay
 * short: a whole window (60 s at PlanOmatic's 100/60s) would stall the fleet for one slow process.
 */
export const STARVED_BACKOFF_MS = 100;

/**
 * Takes a slot and waits until it. Every wait is measured from when Redis was asked, not from
 * when its answer came: on a busy process the answer can reach us late (measured: 120 ms with
 * 16 accounts' jobs asking at once), and a sleep of the full delay after it woke every slot
 * that late.
 *
 * A call is still sent when it goes out a little late: the launched calls keep the provider's
 * window whatever the delay (sliding-window-launch.lua), a late call only shifts the calls a
 * window after it by its lateness, and calls late together (a busy process) shift together,
 * while a slot given back is lost to the schedule (measured: 16 accounts on one busy worker
 * gave back 9 of an account's first 10 slots, then waited 1.5 s in the fresh ones). Only a call
 * more than half a window late gives its slot back and asks for a fresh one: its place in the
 * schedule is gone (a process frozen, the wall clock stepped; seen here as a 6 s jump), and
 * sent, it could reach the provider among the calls scheduled after it. A call the acquisition
 * launched at once, whose answer came more than half the margin late, is launched again before
 * it goes (one more round trip): the launched calls then count it from when it really went.
 */
export async function takeSlot(
  limiter: SlidingWindowLimiter,
  signal?: AbortSignal,
  /** How the call takes a slot while the window has room (see SlidingWindowLimiter.acquire). */
  pace: Pace = 'in-turn',
  first?: FirstAcquisition,
): Promise<SlotAnswer> {
  const toleranceMs = limiter.windowMs / 2;
  const relaunchAfterMs = limiter.safetyMarginMs / 2;
  let waitedMs = 0;
  for (let attempt = 0; attempt < FRESH_SLOT_TRIES; attempt += 1) {
    const given = attempt === 0 ? first : undefined;
    const askedAt = given?.askedAt ?? performance.now();
    const answer = given?.answer ?? (await limiter.acquire(pace));
    if (!answer.granted)
      return {
        granted: false,
        retryInMs: answer.retryInMs,
        reason: answer.paused ? 'provider_429' : 'window',
      };
    // Launched by the acquisition itself, but its answer reached us late: launched again, now,
    // so that the launched calls count it from when it really goes.
    const relaunch = answer.delayMs === 0 && performance.now() - askedAt > relaunchAfterMs;
    if (answer.delayMs > 0 || relaunch) {
      const launch = await waitForLaunch(limiter, answer, askedAt, toleranceMs, signal);
      if (answer.delayMs > 0) waitedMs += performance.now() - askedAt;
      if (launch !== 'launched') {
        await limiter.release(answer.slotId);
        if (launch === 'late') continue;
        if (launch === 'stopping') return { granted: false, retryInMs: 1, reason: 'stopping' };
        return { granted: false, retryInMs: launch.pausedForMs, reason: 'provider_429' };
      }
    } else if (signal?.aborted) {
      await limiter.release(answer.slotId);
      return { granted: false, retryInMs: 1, reason: 'stopping' };
    }
    const { slotId } = answer;
    let untaken = true;
    const take = () => {
      const was = untaken;
      untaken = false;
      return was;
    };
    return {
      granted: true,
      waitedMs,
      answered: async () => {
        if (take()) await limiter.answered(slotId);
      },
      takeAnswered: () => (take() ? limiter.answeredStep(slotId) : undefined),
      unused: () => limiter.release(slotId),
    };
  }
  // Late every time: this process is starved; let BullMQ hand the job to whoever is not.
  return { granted: false, retryInMs: STARVED_BACKOFF_MS, reason: 'late' };
}

/** How many times a reservation may be found early (see checkSlot) before it is given up. */
const LAUNCH_CHECKS = 4;

/**
 * Sleeps until a reserved slot, then asks the limiter to launch it: 'launched' means send now.
 * The limiter may find the slot early (calls launched before it had their answers late, or we
 * woke before it by Redis's clock): the reservation stands or has moved, so sleep again, from
 * when we asked, and ask again.
 */
async function waitForLaunch(
  limiter: SlidingWindowLimiter,
  answer: { delayMs: number; slotId: string; slotAtMs: number },
  askedAt: number,
  toleranceMs: number,
  signal?: AbortSignal,
): Promise<'launched' | 'late' | 'stopping' | { pausedForMs: number }> {
  let wakeAt = askedAt + answer.delayMs;
  let slotAt = answer.slotAtMs;
  for (let check = 0; check < LAUNCH_CHECKS; check += 1) {
    await sleep(wakeAt - performance.now(), signal);
    if (signal?.aborted) return 'stopping';
    const checkedAt = performance.now();
    const { pausedForMs, lateMs, earlyMs } = await limiter.checkSlot(answer.slotId, slotAt);
    // A 429 may have paused the provider while we slept: the slot is given back rather than
    // spent on a certain refusal.
    if (pausedForMs > 0) return { pausedForMs };
    if (lateMs > toleranceMs) return 'late';
    if (earlyMs === 0) return 'launched';
    wakeAt = checkedAt + earlyMs;
    slotAt += lateMs + earlyMs;
  }
  return 'late';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
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
