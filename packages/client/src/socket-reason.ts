/**
 * The socket's own words for a failed fetch (ECONNREFUSED, ENOTFOUND, ECONNRESET,
 * UND_ERR_SOCKET): undici reports them as the cause of a bare `TypeError: fetch failed` (or
 * `terminated`, for a body cut off).
 */
export function socketReason(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return [cause?.code, cause?.message, error instanceof Error ? error.message : error]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .at(0);
}
