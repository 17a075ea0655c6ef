import { InvalidArgumentError } from 'commander';
import { parseDuration } from '@cancelq/config';

/** Polling faster than this only loads the API; nobody reads a bar ten times a second. */
const MIN_INTERVAL_MS = 100;

/** `--interval 1s`, `500ms`: milliseconds, at least 100. */
export function parseInterval(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new InvalidArgumentError('not a duration like 500ms, 1s, 2m');
  if (ms < MIN_INTERVAL_MS) throw new InvalidArgumentError(`at least ${MIN_INTERVAL_MS}ms`);
  return ms;
}

/** `--timeout 30s`: milliseconds. */
export function parseTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new InvalidArgumentError('not a duration like 500ms, 10s, 1m');
  return ms;
}

/** An integer in `min..max`, e.g. `--type-index 0` or `--limit 50`. */
export function integerIn(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    }
    return value;
  };
}
