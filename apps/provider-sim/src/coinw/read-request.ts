import type { Request } from 'express';

/** A CoinW call exactly as received: what the signature covers. */
export interface CoinwRequest {
  /**
   * The path as the client addressed CoinW, without the mount prefix and the query:
   * `/v1/perpum/batchOrders` for `<url>/coinw/v1/perpum/batchOrders?…`.
   */
  path: string;
  /** The raw query string (without `?`) as sent; null when none was sent. */
  rawQuery: string | null;
  /** The exact body bytes received; empty when there was no body. */
  rawBody: Buffer;
}

/**
 * Reads a request that went through CoinW's prepare (whose raw-body parser leaves the bytes in
 * `req.body`). `req.url` is relative to the `/coinw` mount and still percent-encoded, which is
 * what a client signed.
 */
export function readRequest(req: Request): CoinwRequest {
  const mark = req.url.indexOf('?');
  const body: unknown = req.body;
  return {
    path: mark < 0 ? req.url : req.url.slice(0, mark),
    rawQuery: mark < 0 || mark === req.url.length - 1 ? null : req.url.slice(mark + 1),
    rawBody: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
  };
}
