/** Progress goes to stderr, so stdout carries only the final table. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
