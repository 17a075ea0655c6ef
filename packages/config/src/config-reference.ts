import { z } from 'zod';
import { envSchema } from './env.ts';

export interface ConfigVariable {
  name: string;
  /** As written in the environment; null when the variable has no default. */
  default: string | null;
  description: string;
}

/** Every variable of the env schema, in schema order, from the schema itself. */
export function configVariables(): ConfigVariable[] {
  const schema = z.toJSONSchema(envSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, { default?: string | number | boolean; description?: string }>;
  };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    default: property.default === undefined ? null : String(property.default),
    description: property.description ?? '',
  }));
}

export const README_START = '<!-- config:start -->';
export const README_END = '<!-- config:end -->';

/** The configuration table (docs/configuration.md). */
export function configTable(variables = configVariables()): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows = variables.map(
    (v) =>
      `| \`${v.name}\` | ${v.default === null ? '—' : `\`${cell(v.default)}\``} | ${cell(v.description)} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Variables docker compose needs set; the example gives placeholders that must be changed. */
const COMPOSE_REQUIRES: Record<string, string> = {
  CANCELQ_API_TOKEN: 'change-me-to-a-long-random-token',
  CANCELQ_BOARD_USER: 'admin',
  CANCELQ_BOARD_PASSWORD: 'change-me',
};

/** `.env.example`: every variable with its meaning; the defaults commented out. */
export function envExample(variables = configVariables()): string {
  const lines = [
    '# cancelq configuration. Copy to .env for docker compose (or export for plain processes).',
    '# Generated from packages/config/src/env.ts by `pnpm config:docs`; do not edit by hand.',
  ];
  for (const v of variables) {
    lines.push('', `# ${v.description}`);
    const required = COMPOSE_REQUIRES[v.name];
    if (required !== undefined) lines.push(`${v.name}=${required}`);
    else lines.push(`# ${v.name}=${v.default ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A document (docs/configuration.md) with its configuration table replaced by the current one. */
export function withConfigTable(readme: string, table = configTable()): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README lacks ${README_START} … ${README_END}`);
  return `${readme.slice(0, start + README_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
