/** Prometheus samples read back from /metrics, and the simulator calls they must agree with. */
import type { ProviderId } from '@cancelq/contracts';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, just enough to read samples back. */
export function parse(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const [, key, text] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      if (key !== undefined && text !== undefined) labels[key] = text;
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

export const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

/** How many calls the simulator saw, by HTTP status: what the metrics must agree with. */
export function byStatus(calls: { status: number | null }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const status = String(call.status);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** One provider's samples of `name`, keyed by the value of `label`. */
export function labelled(
  samples: Sample[],
  name: string,
  provider: ProviderId,
  label: string,
): Record<string, number> {
  const found: Record<string, number> = {};
  for (const s of samples)
    if (s.name === name && s.labels.provider === provider && s.labels[label] !== undefined)
      found[s.labels[label]] = s.value;
  return found;
}
