import type { Issue } from '@cancelq/client';

/** More would bury the first ones; a list of 10,000 bad ids needs fixing at its source anyway. */
const MAX_SHOWN = 20;
const MAX_VALUE_CHARS = 60;

/**
 * Validation issues as lines an operator can act on: the dotted path, the value found there in
 * the body that was sent (so a bad id among thousands piped from stdin can be found), the
 * reason.
 */
export function formatIssues(issues: Issue[], sent?: unknown): string[] {
  const lines = issues.slice(0, MAX_SHOWN).map((issue) => {
    const value = valueAt(sent, issue.path);
    const shown = typeof value === 'string' ? ` (${JSON.stringify(clip(value))})` : '';
    return `  ${issue.path || '(body)'}${shown}: ${issue.message}`;
  });
  if (issues.length > MAX_SHOWN) lines.push(`  … and ${issues.length - MAX_SHOWN} more`);
  return lines;
}

function valueAt(root: unknown, path: string): unknown {
  if (!path) return undefined;
  let node = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function clip(value: string): string {
  const chars = [...value];
  return chars.length > MAX_VALUE_CHARS ? `${chars.slice(0, MAX_VALUE_CHARS).join('')}…` : value;
}

/** zod's issues as the API spells them: a dotted path and a message. */
export function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
