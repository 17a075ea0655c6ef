import cliProgress from 'cli-progress';
import type { CancellationState, Summary } from '@cancelq/client';
import { outcomeCounts, progressText, resolvedOf } from './render/summary-text.ts';

export interface Progress {
  state: CancellationState;
  summary: Summary;
}

/** Shows a cancellation's progress while it is watched. Always on stderr: stdout is the result. */
export interface ProgressReporter {
  update(progress: Progress): void;
  /** A passing remark (the API blinked), shown without breaking the bar. */
  note(message: string): void;
  stop(): void;
}

export type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/** A live bar on a terminal; on anything else (a CI log, a file) one plain line per change. */
export function createProgressReporter(stream: Stream): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream);
}

function barReporter(stream: Stream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {progress} resolved | {state} | {outcomes}',
      hideCursor: true,
      // The summary printed after it says the same; a stale bar above it would only confuse.
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update({ state, summary }) {
      // Planet's cancel-all has no total until the provider answers: an empty bar until then.
      const total = summary.total ?? 0;
      const payload = {
        progress: progressText(summary),
        state,
        outcomes: outcomeCounts(summary, { pending: false }),
      };
      if (!started) {
        bar.start(Math.max(total, 1), resolvedOf(summary), payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(resolvedOf(summary), payload);
      }
    },
    note(message) {
      // cli-progress redraws on its own timer; a line written between redraws stays above it.
      stream.write(`\r\x1b[2K${message}\n`);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function lineReporter(stream: Stream): ProgressReporter {
  let last = '';
  return {
    update({ state, summary }) {
      const line = `${state} ${progressText(summary)} resolved (${outcomeCounts(summary)})`;
      // Polling every second must not flood a log: only changes are written.
      if (line === last) return;
      last = line;
      stream.write(`${new Date().toISOString()} ${line}\n`);
    },
    note(message) {
      stream.write(`${new Date().toISOString()} ${message}\n`);
    },
    stop() {},
  };
}
