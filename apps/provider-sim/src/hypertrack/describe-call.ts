import type { Request } from 'express';
import type { CallDescription } from '../common/provider.ts';
import { cancelPathHandle } from './cancel-path.ts';
import { bodyKindOf } from './read-body.ts';

/**
 * What a HyperTrack call is about, for the call log: the decoded order handle (the raw segment
 * if it does not decode), and for a cancel how its body was read (`none`, `empty`, `object`,
 * `invalid`; see read-body.ts), so a test can tell `{}` from no body. The selectors are in the
 * record's raw `query`.
 */
export function describeHypertrackCall(req: Request): CallDescription {
  const cancel = cancelPathHandle(req.path);
  if (cancel === null) return { ids: [], body_kind: null };
  return { ids: [cancel.handle ?? cancel.raw], body_kind: bodyKindOf(req) };
}
