/**
 * `pnpm config:docs`: rewrites docs/configuration.md's table and .env.example from the env
 * schema (packages/config/src/env.ts). A test fails while either is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { envExample, withConfigTable } from '@cancelq/config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(ROOT, 'docs/configuration.md');
const readme = await readFile(readmePath, 'utf8');
const options = { ...(await resolveConfig(readmePath)), parser: 'markdown' };
await writeFile(readmePath, await format(withConfigTable(readme), options));
await writeFile(path.join(ROOT, '.env.example'), envExample());
process.stdout.write('docs/configuration.md and .env.example are current\n');
