/**
 * The Orders API error shape, `{"detail": {}, "message": ...}` (docs: post-orders-order_handle-
 * cancel, three error bodies). Every 4xx/5xx the simulator sends for HyperTrack uses it.
 *
 * A 401 always says "Unauthorized", whatever the caller asked for: that message is documented
 * (docs: introduction-api-references), and the shared fault injector's 401 text is Planet's.
 */
export function hypertrackErrorBody(
  status: number,
  message: string,
): { detail: Record<string, never>; message: string } {
  return { detail: {}, message: status === 401 ? 'Unauthorized' : message };
}

/** Validation errors: `{"detail": {"<location>": {"<field>": ["<reason>"]}}, ...}`. */
export type ValidationDetail = Partial<Record<'query' | 'json', Record<string, string[]>>>;

export function validationErrorBody(detail: ValidationDetail): {
  detail: ValidationDetail;
  message: string;
} {
  return { detail, message: 'Validation error' };
}
