import type { Request } from 'express';
import type { CallDescription } from '../common/provider.ts';
import { namedIds, parseBulkBody } from './bulk-cancel.ts';

const SINGLE_ORDER = /^\/orders\/v2\/([^/]+)\/?$/;
const BULK_CANCEL = /^\/bulk\/orders\/v2\/cancel\/?$/;

/**
 * What a Planet call is about, for the call log. `body_kind` reads the bulk body regardless of
 * `bulk_max`: `all_queued` for `{}` and `{"order_ids": []}` (the hazard tests assert never
 * happens), `order_ids` for a list, null when the body is not a bulk body at all.
 */
export function describePlanetCall(req: Request): CallDescription {
  const single = SINGLE_ORDER.exec(req.path);
  if (single !== null) return { ids: [safeDecode(single[1]!)], body_kind: null };
  if (req.method === 'POST' && BULK_CANCEL.test(req.path)) {
    const body: unknown = req.body;
    const parsed = parseBulkBody(body, Infinity);
    return { ids: namedIds(body), body_kind: 'error' in parsed ? null : parsed.kind };
  }
  return { ids: [], body_kind: null };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
