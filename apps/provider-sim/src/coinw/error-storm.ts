/** Errors are counted over this window (spec §3, [3P] from CoinW's precautions: "within 10 s"). */
export const STORM_WINDOW_MS = 10_000;
/** How long a ban lasts (spec §3, [3P]: "temporary ban of 30 s"). */
export const BAN_MS = 30_000;

/**
 * CoinW's escalation for error storms, reduced to its sharpest step: `threshold()` non-zero-code
 * answers within 10 s ban the key for 30 s (the warning phase and the 8 h blacklist are left
 * out). Answers given during a ban do not count, or a client retrying through the ban would
 * extend it for ever. `threshold()` 0 = off. One per account (account-storms.ts).
 */
export class ErrorStorm {
  private errors: number[] = [];
  private bannedUntil = -Infinity;

  constructor(private readonly threshold: () => number) {}

  isBanned(now: number): boolean {
    return now < this.bannedUntil;
  }

  /** Notes one error answer sent at `now`. */
  note(now: number): void {
    const threshold = this.threshold();
    if (threshold === 0 || this.isBanned(now)) return;
    this.errors = this.errors.filter((at) => at > now - STORM_WINDOW_MS);
    this.errors.push(now);
    if (this.errors.length >= threshold) {
      this.bannedUntil = now + BAN_MS;
      this.errors = [];
    }
  }

  clear(): void {
    this.errors = [];
    this.bannedUntil = -Infinity;
  }
}
