const MAX_LONG = 9_223_372_036_854_775_807n;
const DIGITS = /^\d+$/;

/**
 * The canonical id (no leading zeros) if `raw` is a valid CoinW order id, else null.
 *
 * CoinW types order ids as Java `Long` (spec §3); clients send them as strings to avoid losing
 * precision. So an id is digits only, positive, and at most 2^63 - 1. Leading zeros are read
 * the way `Long.parseLong` reads them.
 */
export function parseOrderId(raw: string): string | null {
  if (!DIGITS.test(raw)) return null;
  const value = BigInt(raw);
  if (value < 1n || value > MAX_LONG) return null;
  return value.toString();
}
