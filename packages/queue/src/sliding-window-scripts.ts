import { defineScript } from './define-script.ts';

/**
 * The sliding-window limiter's Lua scripts (lua/sliding-window-*.lua) as typed functions, and
 * what their replies mean: the limiter (sliding-window-limiter.ts) runs them, and a script that
 * acquires as one of its steps (lua/shared-call-start.lua) reads its reply the same way.
 */

/**
 * Either send after `delayMs` (a slot is reserved), or come back in `retryInMs`: because the
 * window is full, or because a 429 paused the provider (`paused`). A `burst` grant goes out
 * while the window has room. Report every call's answer with `answered(slotId)`.
 */
export type Acquisition =
  | {
      granted: true;
      delayMs: number;
      slotId: string;
      burst: boolean;
      /** The slot on Redis's clock (epoch ms), for `checkSlot`. */
      slotAtMs: number;
    }
  | { granted: false; retryInMs: number; paused: boolean };

type Log = [calls: string];
type Pause = [pausedUntil: string];

/**
 * How a call takes a slot while the window has room. `in-turn`: at once, unless slots are
 * reserved ahead (a backlog), then after them. `spread`: the even spacing after the previous
 * call. `fills`: at once, even ahead of reserved slots (a shared call that fills: the spread
 * calls ahead of it waited for targets to gather, and these have). See
 * lua/sliding-window-acquire.lua.
 */
export type Pace = 'in-turn' | 'spread' | 'fills';
const PACES: readonly Pace[] = ['in-turn', 'spread', 'fills'];

/** The acquisition script's code for `pace` (its last argument). */
export function paceCode(pace: Pace): '0' | '1' | '2' {
  return String(PACES.indexOf(pace)) as '0' | '1' | '2';
}

/** The pace a script chose, from its code. */
export function paceOf(code: number): Pace {
  return PACES[code] ?? 'in-turn';
}

/** The acquisition's keys, and its arguments but the pace (see acquisitionInput). */
export type AcquisitionKeys = [
  calls: string,
  pausedUntil: string,
  learnedMax: string,
  launched: string,
];
export type AcquisitionArgs = [
  max: number,
  windowMs: number,
  horizonMs: number,
  slotId: string,
  coldAllowanceMs: number,
  recoveryStep: number,
  recoveryMs: number,
];
export type AcquisitionReply = [number, number, number?, string?];

export const acquireScript = defineScript<
  AcquisitionKeys,
  [...AcquisitionArgs, pace: '0' | '1' | '2'],
  AcquisitionReply
>({
  name: 'cancelqAcquire',
  file: 'sliding-window-acquire.lua',
  prelude: 'sliding-window-launch.lua',
});
/**
 * The answered script's keys and arguments: what a script that settles a call takes to mark the
 * call answered as one of its steps (lua/resolve-targets.lua), rather than a round trip of its
 * own.
 */
export interface AnsweredStep {
  keys: AnsweredKeys;
  args: AnsweredArgs;
}
export type AnsweredKeys = [calls: string, launched: string];
export type AnsweredArgs = [slotId: string, windowMs: number];

export const answeredScript = defineScript<AnsweredKeys, AnsweredArgs, number>({
  name: 'cancelqAnswered',
  file: 'sliding-window-answered.lua',
});
export const throttledScript = defineScript<
  [pausedUntil: string, learnedMax: string],
  [pauseMs: number, configuredMax: number, windowMs: number, recoveryMs: number],
  number
>({ name: 'cancelqThrottled', file: 'sliding-window-throttled.lua' });
export const pausedForScript = defineScript<Pause, [], number>({
  name: 'cancelqPausedFor',
  file: 'sliding-window-paused-for.lua',
});
export const slotCheckScript = defineScript<
  [pausedUntil: string, calls: string, learnedMax: string, launched: string],
  [slotAtMs: number, slotId: string, max: number, windowMs: number],
  [number, number, number]
>({
  name: 'cancelqSlotCheck',
  file: 'sliding-window-slot-check.lua',
  prelude: 'sliding-window-launch.lua',
});
export const inWindowScript = defineScript<Log, [windowMs: number], number>({
  name: 'cancelqInWindow',
  file: 'sliding-window-in-window.lua',
});

/** The acquisition script's reply (lua/sliding-window-acquire.lua says what it holds). */
export function acquisitionOf(
  [code, ms, burst, slotAt]: AcquisitionReply,
  slotId: string,
): Acquisition {
  return code === 0
    ? { granted: true, delayMs: ms, slotId, burst: burst === 1, slotAtMs: Number(slotAt) }
    : { granted: false, retryInMs: Math.max(1, ms), paused: code === -2 };
}
