/**
 * `/orders/{order_handle}/cancel`, matched on the raw (still percent-encoded) path. The handle
 * is one encoded segment, so `%2F` inside it is part of the handle, never a separator.
 *
 * The route uses this pattern without a capture group on purpose: Express decodes captured
 * params itself and answers a malformed escape with its own 400 before our handler runs.
 */
export const CANCEL_ROUTE = /^\/orders\/[^/]+\/cancel\/?$/;

const CANCEL_PATH = /^\/orders\/([^/]+)\/cancel\/?$/;

/**
 * The order handle a cancel path names: `raw` as sent, `handle` decoded, or null when the
 * segment is not valid percent-encoding (no client that encodes with encodeURIComponent sends
 * that, and no order can have such a handle, so the API answers 404).
 */
export function cancelPathHandle(path: string): { raw: string; handle: string | null } | null {
  const match = CANCEL_PATH.exec(path);
  if (match === null) return null;
  const raw = match[1]!;
  try {
    return { raw, handle: decodeURIComponent(raw) };
  } catch {
    return { raw, handle: null };
  }
}
