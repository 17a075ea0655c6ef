import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTarget } from './build.ts';

/**
 * What the build refuses, on scratch entries: a bundle that imports a package its app does not
 * declare (it would not resolve from the app's node_modules), and an import for side effects
 * alone (the bundle would drop it). The real targets are built in scripts/build.test.ts.
 */
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cancelq-build-guards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function buildScratch(source: string, dependencies: string[]): Promise<string> {
  await writeFile(path.join(dir, 'entry.ts'), source);
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ dependencies: Object.fromEntries(dependencies.map((d) => [d, '*'])) }),
  );
  const outfile = path.join(dir, 'dist/main.js');
  await rm(outfile, { force: true });
  await buildTarget({ entry: path.join(dir, 'entry.ts'), outfile, manifestDir: dir }, outfile);
  return outfile;
}

const LOGS = `import { pino } from 'pino';\nexport const log = pino();\n`;

describe('the build', () => {
  it('refuses a bundle that imports a package its app does not declare, naming it', async () => {
    await expect(buildScratch(LOGS, [])).rejects.toThrow(
      /imports pino, pino-pretty at run time, but .*package\.json does not list them/,
    );
  });

  it('counts pino-pretty as imported wherever pino is: pino loads it by name', async () => {
    await expect(buildScratch(LOGS, ['pino'])).rejects.toThrow(/imports pino-pretty at run/);
    expect(existsSync(await buildScratch(LOGS, ['pino', 'pino-pretty']))).toBe(true);
  });

  it('needs no package whose imports the bundle leaves unused', async () => {
    // The CLI's case: it uses @cancelq/config's env parsing, never its logger.
    const unusedModule = `export { answer } from '${path.join(dir, 'answer.ts')}';\n`;
    await writeFile(
      path.join(dir, 'answer.ts'),
      `import { pino } from 'pino';\nexport const answer = 42;\nexport const log = () => pino();\n`,
    );
    expect(existsSync(await buildScratch(unusedModule, []))).toBe(true);
  });

  it('refuses an import for side effects alone: the bundle would drop it', async () => {
    await expect(buildScratch(`import 'zod';\nexport {};\n`, ['zod'])).rejects.toThrow(
      /entry\.ts: import 'zod': a side-effect-only import/,
    );
  });
});
