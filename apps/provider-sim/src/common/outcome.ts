/**
 * What a provider handler decides, free of Express: handlers take parsed input and return an
 * Outcome, and one piece of glue (`send`) writes it. Keeps handlers testable without HTTP.
 */
export interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const outcome = (status: number, body: unknown): Outcome => ({ status, body });
