import type { Cancellation } from '@cancelq/client';
import { outcomeCounts } from './summary-text.ts';

/** Beyond this many, an operator wants `--json` and a filter, not a screenful. */
const MAX_TARGETS_SHOWN = 50;

/**
 * `cancelq status`: what happened, in the words of the contract's outcomes. Only the targets
 * that are not cancelled are listed: they are the ones someone has to look at.
 */
export function cancellationText(cancellation: Cancellation): string {
  const { summary } = cancellation;
  const state =
    cancellation.state === 'completed' && cancellation.completed_at
      ? `completed at ${cancellation.completed_at}`
      : cancellation.state;
  const lines = [
    `cancellation ${cancellation.id} (${cancellation.provider}, account ${cancellation.account})`,
    `  state    ${state}`,
    `  created  ${cancellation.created_at}`,
    `  targets  ${summary.total ?? 'unknown yet'}: ${outcomeCounts(summary)}`,
  ];
  const refused = cancellation.targets.filter(
    (t) => t.outcome !== 'cancelled' && t.outcome !== 'pending',
  );
  if (refused.length > 0) {
    lines.push(`not cancelled (${refused.length}):`);
    const idWidth = Math.min(40, Math.max(...refused.map((t) => t.id.length)));
    for (const target of refused.slice(0, MAX_TARGETS_SHOWN)) {
      const detail = target.detail ? `  ${target.detail}` : '';
      lines.push(`  ${target.outcome.padEnd(15)}  ${target.id.padEnd(idWidth)}${detail}`);
    }
    if (refused.length > MAX_TARGETS_SHOWN) {
      lines.push(`  … and ${refused.length - MAX_TARGETS_SHOWN} more (--json lists them all)`);
    }
  }
  return lines.join('\n');
}
