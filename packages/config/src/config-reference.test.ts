import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { configVariables, envExample, withConfigTable } from './config-reference.ts';
import { envSchema } from './env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the configuration reference', () => {
  it('lists every variable of the schema, each with a meaning', () => {
    const variables = configVariables();
    expect(variables.map((v) => v.name)).toEqual(Object.keys(envSchema.shape));
    for (const v of variables) expect(v.description, v.name).not.toBe('');
    expect(variables.find((v) => v.name === 'CANCELQ_MAX_ATTEMPTS')?.default).toBe('8');
    expect(variables.find((v) => v.name === 'CANCELQ_API_TOKEN')?.default).toBeNull();
  });

  it('is current in docs/configuration.md and .env.example (run `pnpm config:docs` after changing env.ts)', async () => {
    const file = path.join(ROOT, 'docs/configuration.md');
    const readme = await readFile(file, 'utf8');
    const options = { ...(await resolveConfig(file)), parser: 'markdown' };
    const regenerated = await format(withConfigTable(readme), options);
    expect(readme).toBe(regenerated);
    expect(await readFile(path.join(ROOT, '.env.example'), 'utf8')).toBe(envExample());
  });
});
