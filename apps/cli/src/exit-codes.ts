/**
 * The CLI's exit codes. Scripts branch on these numbers, so they never change meaning: a new
 * situation gets a new number. `cancelq --help` and the README print this table.
 */
export const EXIT = {
  /** Done. For `status` and `--wait`: completed, and every target is cancelled. */
  ok: 0,
  /** Anything unexpected: an API 5xx other than 503, an answer the CLI cannot read, a bug. */
  error: 1,
  /** Bad command line or input, caught here or by the API (400, 413, 415). */
  usage: 2,
  /** Completed, but some targets are not cancelled (not_cancellable, not_found or failed). */
  notAllCancelled: 3,
  /** `status` without `--watch`: the cancellation is still queued or in progress. */
  notCompleted: 4,
  /** No token, or the API refused it (401). */
  unauthorized: 5,
  /** No cancellation with that id (404). */
  notFound: 6,
  /** The Idempotency-Key was used with another body, or is still being accepted (409). */
  conflict: 7,
  /** The API is unavailable (503), unreachable, or did not answer in time. */
  unavailable: 8,
  /** Interrupted (Ctrl-C) while waiting; the cancellation itself goes on. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const MEANINGS: [ExitCode, string][] = [
  [EXIT.ok, 'success; for status/--wait: completed and every target cancelled'],
  [EXIT.error, 'unexpected error (API 5xx other than 503, unreadable answer)'],
  [EXIT.usage, 'usage or validation error (bad options or ids; API 400/413/415)'],
  [EXIT.notAllCancelled, 'completed, but some targets not cancelled'],
  [EXIT.notCompleted, 'status: not completed yet (queued or in_progress)'],
  [EXIT.unauthorized, 'no token, or the API refused it (401)'],
  [EXIT.notFound, 'no such cancellation (404)'],
  [EXIT.conflict, 'Idempotency-Key reused with another body, or in flight (409)'],
  [EXIT.unavailable, 'API unavailable (503), unreachable or timed out'],
  [EXIT.interrupted, 'interrupted while waiting (the cancellation goes on)'],
];

/** The table `cancelq --help` ends with. */
export function exitCodeHelp(): string {
  const rows = MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return ['Exit codes:', ...rows].join('\n');
}
