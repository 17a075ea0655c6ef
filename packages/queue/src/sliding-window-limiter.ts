import { randomBytes } from 'node:crypto';
import type { RedisConnection } from './redis.ts';
import { limiterKeys } from './keys.ts';
import {
  acquireScript,
  acquisitionOf,
  answeredScript,
  inWindowScript,
  paceCode,
  pausedForScript,
  slotCheckScript,
  throttledScript,
  type AcquisitionArgs,
  type AcquisitionKeys,
  type Acquisition,
  type AnsweredStep,
  type Pace,
} from './sliding-window-scripts.ts';

export type { Acquisition, AnsweredStep, Pace } from './sliding-window-scripts.ts';

/**
 * A sliding-window log per provider account in Redis, shared by every worker process: the
 * design, and why not BullMQ's own limiter, is told in lua/sliding-window-acquire.lua.
 */

/**
 * A slot's id: a member of the log and of the launched calls, written to the AOF and to replicas
 * about four times a call (reserved, launched, answered twice). 72 random bits in 12 characters
 * where a UUID took 36 (~100 bytes of AOF a call); only the few slots of one window and horizon
 * need tell each other apart.
 */
function newSlotId(): string {
  return randomBytes(9).toString('base64url');
}

/** Windows without a 429 before the learned max grows by a tenth of the configured max. */
export const RECOVERY_WINDOWS = 5;

export interface SlidingWindowOptions {
  max: number;
  durationMs: number;
  /** Extra ms added to the window; defaults to `defaultSafetyMarginMs(durationMs)`. */
  safetyMarginMs?: number;
  /** How far ahead a slot may be reserved; defaults to `defaultHorizonMs`. */
  horizonMs?: number;
  /** The most jobs one worker holds at once (its concurrency), for the default horizon. */
  heldAtOnce?: number;
}

/**
 * How far ahead slots are reserved: min(duration, 1 s), or more when a worker holds more jobs
 * at once than that has slots. A refused job comes back when three spacings of the horizon are
 * left (lua/sliding-window-acquire.lua), and its worker then fetches as many jobs as it has
 * room for, all at once: those the horizon has no slot for went straight back through Redis
 * (measured at 10/1s with 16 at once: a job moved to active and back for nearly every call).
 * So the horizon holds the worker's whole concurrency beyond those three.
 */
export function defaultHorizonMs(
  durationMs: number,
  max: number,
  safetyMarginMs: number,
  heldAtOnce = 0,
): number {
  const base = Math.min(durationMs, 1_000);
  if (heldAtOnce === 0) return base;
  return Math.max(base, ((heldAtOnce + 3) * (durationMs + safetyMarginMs)) / max);
}

/**
 * A cushion on top of spacing launches from answers (lua/sliding-window-launch.lua): 25 ms
 * covered the spread of grant→arrival delays seen on loopback under load before launches were
 * spaced so; 1 % covers long windows. At 10/1s it costs 2.4 % of the rate.
 */
export function defaultSafetyMarginMs(durationMs: number): number {
  return Math.max(25, Math.ceil(durationMs * 0.01));
}

export class SlidingWindowLimiter {
  private readonly keys;
  readonly windowMs: number;
  readonly horizonMs: number;
  readonly safetyMarginMs: number;
  /** The configured most calls per window. */
  readonly max: number;
  private readonly recoveryMs: number;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** The account's queue name (queueNameOf): each account has a window of its own. */
    queue: string,
    private readonly options: SlidingWindowOptions,
  ) {
    this.keys = limiterKeys(prefix, queue);
    this.max = options.max;
    this.safetyMarginMs = options.safetyMarginMs ?? defaultSafetyMarginMs(options.durationMs);
    this.windowMs = options.durationMs + this.safetyMarginMs;
    this.horizonMs =
      options.horizonMs ??
      defaultHorizonMs(options.durationMs, options.max, this.safetyMarginMs, options.heldAtOnce);
    this.recoveryMs = this.windowMs * RECOVERY_WINDOWS;
    for (const script of [
      acquireScript,
      answeredScript,
      throttledScript,
      pausedForScript,
      slotCheckScript,
      inWindowScript,
    ])
      script.defineOn(redis);
  }

  /**
   * Asks for a slot for one provider call, at `pace` (see Pace). `spread` is for a shared call
   * that would carry less than a full call: it carries whatever waits, so ten calls in the
   * first milliseconds of a surge would carry a few orders each and leave the rest a whole
   * window to wait (measured: a second without a call while 300 single-order requests came
   * in). A call that fills goes at once (`fills`), as a burst.
   */
  async acquire(pace: Pace = 'in-turn'): Promise<Acquisition> {
    const { keys, args, slotId } = this.acquisitionInput();
    const reply = await acquireScript(this.redis, keys, [...args, paceCode(pace)]);
    return acquisitionOf(reply, slotId);
  }

  /**
   * The acquisition script's keys and arguments but the last (the pace), for a script that
   * acquires as one of its steps (lua/shared-call-start.lua); read its reply with
   * `acquisitionOf`.
   */
  acquisitionInput(): { slotId: string; keys: AcquisitionKeys; args: AcquisitionArgs } {
    const slotId = newSlotId();
    return {
      slotId,
      keys: [this.keys.calls, this.keys.pausedUntil, this.keys.learnedMax, this.keys.launched],
      args: [
        this.options.max,
        this.windowMs,
        this.horizonMs,
        slotId,
        this.safetyMarginMs,
        Math.max(1, Math.ceil(this.options.max / 10)),
        this.recoveryMs,
      ],
    };
  }

  /**
   * The connection the limiter runs on: its round trip is on every call's critical path, so a
   * script that acquires as one of its steps runs here too.
   */
  get connection(): RedisConnection {
    return this.redis;
  }

  /** The even spacing of calls once a window is full (ms), the configured max's. */
  get spacingMs(): number {
    return this.windowMs / this.options.max;
  }

  /** The slot's call has its answer (or was given up on): see lua/sliding-window-answered.lua. */
  async answered(slotId: string): Promise<void> {
    const { keys, args } = this.answeredStep(slotId);
    await answeredScript(this.redis, keys, args);
  }

  /** `answered` as a step of a script that settles the call (see AnsweredStep). */
  answeredStep(slotId: string): AnsweredStep {
    return {
      keys: [this.keys.calls, this.keys.launched],
      args: [slotId, Math.ceil(this.windowMs)],
    };
  }

  /**
   * No call was made in this slot after all: it leaves the log. Safe at any time: the calls
   * actually made are a subset of a log that kept to the limit, and so keep to it too.
   */
  async release(slotId: string): Promise<void> {
    // From the schedule, and from the launched calls if it was launched.
    await this.redis.multi().zrem(this.keys.calls, slotId).zrem(this.keys.launched, slotId).exec();
  }

  /**
   * The provider answered 429: stops every worker from calling it for `pauseMs`, and lowers the
   * learned max (see lua/sliding-window-throttled.lua). Returns the max now in force.
   */
  async throttled(pauseMs: number): Promise<number> {
    return throttledScript(
      this.redis,
      [this.keys.pausedUntil, this.keys.learnedMax],
      [Math.max(1, Math.ceil(pauseMs)), this.options.max, this.windowMs, this.recoveryMs],
    );
  }

  /**
   * At a reserved slot: ms the provider is still paused for (0 when it is not), ms past the
   * slot by Redis's clock, and ms the call must still wait because calls launched before it had
   * their answers late (the reservation has moved by that much; ask again then). When the first
   * and the last are 0 the call is launched: send it (see lua/sliding-window-slot-check.lua).
   */
  async checkSlot(
    slotId: string,
    slotAtMs: number,
  ): Promise<{ pausedForMs: number; lateMs: number; earlyMs: number }> {
    const [pausedForMs, lateMs, earlyMs] = await slotCheckScript(
      this.redis,
      [this.keys.pausedUntil, this.keys.calls, this.keys.learnedMax, this.keys.launched],
      [slotAtMs, slotId, this.options.max, this.windowMs],
    );
    return { pausedForMs, lateMs, earlyMs };
  }

  /** Milliseconds this provider is still paused for (0 when it is not). */
  async pausedForMs(): Promise<number> {
    return pausedForScript(this.redis, [this.keys.pausedUntil], []);
  }

  /** Calls in the current window, the reserved ones ahead included. */
  async inWindow(): Promise<number> {
    return inWindowScript(this.redis, [this.keys.calls], [this.windowMs]);
  }

  /** The max in force now: the configured one, or less while recovering from 429s. */
  async currentMax(): Promise<number> {
    const learned = await this.redis.hget(this.keys.learnedMax, 'max');
    return learned === null ? this.options.max : Math.min(this.options.max, Number(learned));
  }
}
