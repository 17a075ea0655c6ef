/**
 * Planet's filter on an order time (`created_on`, `last_modified`): an RFC 3339 instant, or an
 * interval `a/b`, `a/..` or `../b` (spec/providers.md §1, SDK `list_orders`). The API shows
 * times to the millisecond, so they are compared at that precision: an order shown as modified
 * at `…:05.123Z` matches an interval that ends there. Bounds are inclusive; an interval whose
 * end is before its start matches nothing (Planet's answer to one is not documented).
 */
export type TimeFilter = (ms: number) => boolean;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** The filter, or null when `raw` is neither an instant nor an interval. */
export function parseTimeFilter(raw: string): TimeFilter | null {
  const parts = raw.split('/');
  if (parts.length === 1) {
    const at = instant(raw);
    return at === null ? null : (ms) => Math.floor(ms) === at;
  }
  if (parts.length !== 2) return null;
  const [start, end] = parts as [string, string];
  const from = start === '..' ? -Infinity : instant(start);
  const to = end === '..' ? Infinity : instant(end);
  if (from === null || to === null || (start === '..' && end === '..')) return null;
  return (ms) => Math.floor(ms) >= from && Math.floor(ms) <= to;
}

function instant(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
