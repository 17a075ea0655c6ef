// Planet order ids are UUIDs; the SDK refuses to send anything else (`uuid.UUID(hex=oid)`).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical (lowercase) id, or null if `raw` is not a UUID. */
export function parseOrderId(raw: string): string | null {
  return UUID.test(raw) ? raw.toLowerCase() : null;
}
