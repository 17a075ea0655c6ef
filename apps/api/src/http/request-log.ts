import type { RequestHandler } from 'express';
import { accessLog, type Logger } from '@cancelq/config';

/** Scraped every few seconds: at info they would drown the lines worth reading. */
const PROBES = ['/healthz', '/readyz', '/metrics', '/metrics/process'];

/**
 * The API's access log: one line per request with its request id, echoed as `X-Request-Id`
 * (see accessLog, which the worker's health port shares). Mounted first, so 401s, 404s, errors
 * and Bull Board are covered.
 */
export function requestLog(log: Logger): RequestHandler {
  return accessLog(log, PROBES);
}
