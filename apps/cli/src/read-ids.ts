import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import type { Io } from './context.ts';

export const STDIN = '-';

/**
 * The ids a command names: its arguments, plus one id per line from stdin (`-` among the
 * arguments, or `--ids-from -`) or from a file (`--ids-from <path>`), so scripts can pipe
 * thousands. Blank lines and surrounding spaces are dropped; order is kept.
 */
export async function readIds(
  args: string[],
  idsFrom: string | undefined,
  io: Io,
): Promise<string[]> {
  const ids = args.filter((arg) => arg !== STDIN);
  if (args.includes(STDIN) || idsFrom === STDIN) {
    if (io.stdin.isTTY) io.stderr.write('reading ids from stdin, one per line; end with Ctrl-D\n');
    ids.push(...lines(await text(io.stdin)));
  }
  if (idsFrom !== undefined && idsFrom !== STDIN) {
    try {
      ids.push(...lines(await readFile(idsFrom, 'utf8')));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new CliError(EXIT.usage, `--ids-from ${idsFrom}: cannot read it (${String(code)})`);
    }
  }
  return ids;
}

function lines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
