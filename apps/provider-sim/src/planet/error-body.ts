/**
 * Planet's error shape: `{"message": ...}` (SDK tests model 404/409 this way; the SDK surfaces
 * the raw text). The status is not part of the body.
 */
export function planetErrorBody(_status: number, message: string): { message: string } {
  return { message };
}
