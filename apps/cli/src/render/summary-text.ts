import type { Summary } from '@cancelq/client';

/** Targets with a final outcome. Planet's cancel-all counts some only as numbers, so sum them. */
export function resolvedOf(summary: Summary): number {
  return summary.cancelled + summary.not_cancellable + summary.not_found + summary.failed;
}

/** `cancelled 38, not cancellable 1, not found 0, failed 1` (and pending, when asked). */
export function outcomeCounts(summary: Summary, { pending = true } = {}): string {
  const parts = [
    `cancelled ${summary.cancelled}`,
    `not cancellable ${summary.not_cancellable}`,
    `not found ${summary.not_found}`,
    `failed ${summary.failed}`,
  ];
  if (pending) parts.push(`pending ${summary.pending}`);
  return parts.join(', ');
}

/** `12/40`, or `12/?` while the provider has not said how many there are (Planet cancel-all). */
export function progressText(summary: Summary): string {
  return `${resolvedOf(summary)}/${summary.total ?? '?'}`;
}
