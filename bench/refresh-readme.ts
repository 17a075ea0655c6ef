import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/**
 * Replaces docs/benchmarks.md's benchmark block (between the bench markers) with fresh results,
 * formatted as `pnpm format` would, so the page stays clean under `format:check`.
 */
export async function refreshReadme(file: string, block: string): Promise<void> {
  const readme = await readFile(file, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${START} … ${END} section`);
  const options = (await prettier.resolveConfig(file)) ?? {};
  const formatted = await prettier.format(block, { ...options, parser: 'markdown' });
  await writeFile(
    file,
    `${readme.slice(0, start + START.length)}\n\n${formatted.trimEnd()}\n\n${readme.slice(end)}`,
  );
}
