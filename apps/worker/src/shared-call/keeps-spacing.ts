/** What a cancel call weighs before it asks for its slot (see keepsSpacing). */
export interface SurgeState {
  /** The call will carry as many ids as a call may. */
  full: boolean;
  /** Ms since a cancel call of the group last took targets; null if none ever did. */
  sinceClaimMs: number | null;
  windowMs: number;
  max: number;
}

/**
 * Whether a cancel call keeps the even spacing after the provider's last call rather than go at
 * once while the window has room (the limiter's `spread`): only a call that will not fill, while
 * a surge of the group is arriving (its last cancel call took targets less than a spacing ago),
 * so that each call carries what the surge brings meanwhile. A read (a lost race's settling GET)
 * is no surge: a cancel after it goes at once, as its race needs; measured before, every cancel
 * within a spacing after a GET waited up to 100 ms at 10/1s, a race lost in about two of five.
 */
export function keepsSpacing(state: SurgeState): boolean {
  if (state.full || state.sinceClaimMs === null) return false;
  return state.sinceClaimMs < state.windowMs / state.max;
}
