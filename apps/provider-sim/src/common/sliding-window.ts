export interface LimitSettings {
  /** Admitted requests allowed within any `duration_ms` window. */
  max: number;
  /** Window length in milliseconds. */
  duration_ms: number;
}

/**
 * Strict sliding-window limiter over arrival times.
 *
 * A request arriving at `t` is refused when `max` admitted requests already arrived in
 * `(t - duration_ms, t]`, i.e. within the window that would hold both. So no half-open window
 * `[s, s + duration_ms)` ever holds more than `max` admitted requests, and a client pacing to
 * exactly `max` per window is never refused. Refused requests take no slot.
 *
 * Settings may change while running; admitted history is kept so a tighter limit applies at once
 * (a longer window only sees slots still inside the window they were pruned under).
 */
export class SlidingWindowLimiter {
  private admitted: number[] = [];
  private head = 0;

  constructor(private settings: LimitSettings) {}

  get limit(): LimitSettings {
    return { ...this.settings };
  }

  set limit(next: LimitSettings) {
    this.settings = { ...next };
  }

  /** Admits the request (recording its slot) or returns false. `at` must not decrease. */
  tryAdmit(at: number): boolean {
    const { max, duration_ms } = this.settings;
    // Drop slots that no window containing `at` can include any more.
    while (this.head < this.admitted.length && this.admitted[this.head]! <= at - duration_ms) {
      this.head++;
    }
    this.compact();
    if (this.admitted.length - this.head >= max) return false;
    this.admitted.push(at);
    return true;
  }

  clear(): void {
    this.admitted = [];
    this.head = 0;
  }

  // Keeps the array from growing without bound under a long steady load.
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.admitted.length) {
      this.admitted = this.admitted.slice(this.head);
      this.head = 0;
    }
  }
}
