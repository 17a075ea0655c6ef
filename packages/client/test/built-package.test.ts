import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@cancelq/test-utils';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

/**
 * The package as a plain Node project gets it: `pnpm build`, `pnpm pack` (which applies
 * publishConfig), the tarball unpacked into a fresh project's node_modules, then imported by
 * bare specifier with plain `node` (no tsx, no workspace) and type-checked with plain `tsc`.
 */
const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

let api: TestApi;
let project: string;
let distWasThere: boolean;

beforeAll(async () => {
  api = await startTestApi('built');
  distWasThere = existsSync(path.join(PACKAGE_DIR, 'dist'));
  project = await mkdtemp(path.join(tmpdir(), 'cancelq-client-consumer-'));
  await run('pnpm', ['build'], { cwd: PACKAGE_DIR });
  await run('pnpm', ['pack', '--pack-destination', project], { cwd: PACKAGE_DIR });
  const tarball = (await readdir(project)).find((name) => name.endsWith('.tgz')) ?? '';
  const installed = path.join(project, 'node_modules/@cancelq/client');
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', path.join(project, tarball), '-C', installed, '--strip-components=1']);
  // Its one dependency, as an install would provide it.
  const zod = await realpath(path.join(PACKAGE_DIR, 'node_modules/zod'));
  await symlink(zod, path.join(project, 'node_modules/zod'), 'dir');
  await writeFile(path.join(project, 'package.json'), '{ "type": "module", "private": true }');
}, 120_000);
afterAll(async () => {
  await api?.close();
  if (project) await rm(project, { recursive: true, force: true });
  // Leave the package as it was: dist/ is a build output, not part of the source tree.
  if (!distWasThere) await rm(path.join(PACKAGE_DIR, 'dist'), { recursive: true, force: true });
});

describe('the built package', () => {
  it('ships dist only, with exports for import and types', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(project, 'node_modules/@cancelq/client/package.json'), 'utf8'),
    ) as { exports: unknown; dependencies: Record<string, string> };
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    });
    // Nothing of the workspace at run time: no @cancelq/* package, no `catalog:` left.
    expect(manifest.dependencies).toEqual({ zod: expect.stringMatching(/^\^\d/) as string });
    const files = await readdir(path.join(project, 'node_modules/@cancelq/client/dist'));
    expect(files).toContain('index.js');
    expect(files).toContain('index.d.ts');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('imports in plain Node and talks to the real API, its event stream included', async () => {
    const script = `
      import { CancelqClient, CancelqNotFoundError } from '@cancelq/client';
      const client = new CancelqClient({ baseUrl: process.env.URL, token: process.env.TOKEN });
      const { accepted } = await client.create({ provider: 'planet', order_ids: ['${uuid(1)}'] });
      const record = await client.get(accepted.id);
      const missing = await client.get('${uuid(404)}').catch((e) => e);
      let watched;
      for await (const change of client.watch(accepted.id)) {
        watched = change.state;
        break;
      }
      console.log(JSON.stringify({ state: record.state, notFound: missing instanceof CancelqNotFoundError, watched }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: { PATH: process.env.PATH, URL: api.url, TOKEN: API_TOKEN },
    });
    expect(JSON.parse(stdout)).toEqual({ state: 'queued', notFound: true, watched: 'queued' });
  });

  it('type-checks in a plain TypeScript project (nodenext), with the answer types', async () => {
    await writeFile(
      path.join(project, 'consumer.ts'),
      `import { CancelqClient, type Cancellation } from '@cancelq/client';
       const client = new CancelqClient({ baseUrl: 'http://localhost:3000', token: 't' });
       export async function pending(id: string): Promise<number> {
         const record: Cancellation = await client.get(id);
         return record.summary.pending;
       }
       // @ts-expect-error: the types are real, not any
       export const wrong: number = (await client.get('x')).state;
      `,
    );
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022'];
    const typeRoots = path.join(REPO_ROOT, 'node_modules/@types');
    await run(process.execPath, [TSC, ...args, '--typeRoots', typeRoots, 'consumer.ts'], {
      cwd: project,
    });
  });
});
