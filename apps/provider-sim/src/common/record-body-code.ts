import type { Response } from 'express';
import type { CallRecord } from './call-recorder.ts';

/**
 * Records the body code of whatever JSON this call is answered with, as `record.code`.
 *
 * Wraps `res.json` because every JSON answer goes through it, whoever writes it: the limiter,
 * the fault injector, the provider's prepare and handlers, the 404 and the error handler. A call
 * answered without JSON (hang, reset, malformed) keeps `code: null`.
 */
export function recordBodyCode(
  res: Response,
  record: CallRecord,
  codeOf: (body: unknown) => number | null,
): void {
  record.code = null;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    record.code = codeOf(body);
    return json(body);
  };
}
