import type { CancellationPage } from '@cancelq/client';
import { resolvedOf } from './summary-text.ts';

const COLUMNS = [
  'ID',
  'PROVIDER',
  'ACCOUNT',
  'STATE',
  'CREATED',
  'TOTAL',
  'CANCELLED',
  'NOT CANCELLED',
  'PENDING',
];

/**
 * `cancelq list`: one row per cancellation, newest first, then how to get the next page.
 * `resumeArgs` are the filters to repeat with `--cursor`.
 */
export function listText(page: CancellationPage, resumeArgs: string[]): string {
  if (page.cancellations.length === 0) return 'no cancellations';
  const rows = page.cancellations.map(({ id, provider, account, state, created_at, summary }) => [
    id,
    provider,
    account,
    state,
    created_at,
    String(summary.total ?? '?'),
    String(summary.cancelled),
    String(resolvedOf(summary) - summary.cancelled),
    String(summary.pending),
  ]);
  const widths = COLUMNS.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [line(COLUMNS), ...rows.map(line)];
  if (page.next_cursor !== null) {
    lines.push('', `more: cancelq list ${[...resumeArgs, '--cursor', page.next_cursor].join(' ')}`);
  }
  return lines.join('\n');
}
