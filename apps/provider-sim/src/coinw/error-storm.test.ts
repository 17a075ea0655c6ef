import { describe, expect, it } from 'vitest';
import { BAN_MS, ErrorStorm, STORM_WINDOW_MS } from './error-storm.ts';

describe('ErrorStorm', () => {
  it('bans for 30 s once the threshold of errors falls within 10 s', () => {
    const storm = new ErrorStorm(() => 3);
    storm.note(0);
    storm.note(STORM_WINDOW_MS - 1);
    expect(storm.isBanned(STORM_WINDOW_MS - 1)).toBe(false);
    storm.note(STORM_WINDOW_MS + 1); // the error at 0 has left the window
    expect(storm.isBanned(STORM_WINDOW_MS + 1)).toBe(false);
    storm.note(STORM_WINDOW_MS + 2);
    const start = STORM_WINDOW_MS + 2;
    expect(storm.isBanned(start)).toBe(true);
    expect(storm.isBanned(start + BAN_MS - 1)).toBe(true);
    expect(storm.isBanned(start + BAN_MS)).toBe(false);
  });

  it('does not count errors answered during a ban, and is off at threshold 0', () => {
    const storm = new ErrorStorm(() => 2);
    storm.note(0);
    storm.note(1);
    for (let at = 2; at < BAN_MS; at += 100) storm.note(at);
    expect(storm.isBanned(1 + BAN_MS)).toBe(false);
    storm.note(1 + BAN_MS);
    expect(storm.isBanned(1 + BAN_MS)).toBe(false);

    const off = new ErrorStorm(() => 0);
    for (let at = 0; at < 1000; at++) off.note(at);
    expect(off.isBanned(1000)).toBe(false);
  });
});
