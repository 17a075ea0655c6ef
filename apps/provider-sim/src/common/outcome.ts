/**
 * What a provider handler decides, free of Express: handlers take parsed input and return an
 * Outcome, and one piece of glue (`send`) writes it. Keeps handlers testable without HTTP.
 */
export interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * Sent instead of `body` as JSON: a body that is not JSON, with its content type. What a
   * gateway or proxy in front of the provider answers (a plain-text 429, an HTML 502 page).
   */
  raw?: { contentType: string; text: string };
}

export const outcome = (status: number, body: unknown): Outcome => ({ status, body });
