import type { Cancellation } from './answers.ts';
import { watchCancellation, type WatchDeps, type WatchOptions } from './watch-cancellation.ts';

export interface WaitOptions extends WatchOptions {
  /** Each record as it comes, the first included (and the completed one last). */
  onUpdate?: (cancellation: Cancellation) => void;
}

/** Follows a cancellation through the transport until its state is `completed`. */
export async function waitUntilCompleted(
  id: string,
  deps: WatchDeps,
  options: WaitOptions = {},
): Promise<Cancellation> {
  const { onUpdate, ...watchOptions } = options;
  let last: Cancellation | undefined;
  for await (const record of watchCancellation(id, deps, watchOptions)) {
    last = record;
    onUpdate?.(record);
  }
  // watchCancellation ends only after the completed record, or throws.
  if (last?.state !== 'completed') throw new Error(`cancellation ${id}: no completed record`);
  return last;
}
