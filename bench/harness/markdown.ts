// Formatting of the README's benchmark tables.
import type { Spread } from './stats.ts';

export const fixed = (digits: number) => (value: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
export const whole = fixed(0);
export const ms = (value: number) => `${value.toFixed(2)} ms`;
export const met = (ok: boolean) => (ok ? 'yes' : '**no**');

/** `median [min–max]`, the form of every figure. */
export function range(s: Spread, format: (value: number) => string): string {
  return s.min === s.max
    ? `${format(s.median)}`
    : `${format(s.median)} [${format(s.min)}–${format(s.max)}]`;
}

export function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
