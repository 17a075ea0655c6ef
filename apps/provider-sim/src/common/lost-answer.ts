import type { Response } from 'express';

/**
 * An `after_effect` fault waiting for the call's answer: the pipeline lets the call through to
 * the provider's handler (so the order really changes), and `send` answers with the fault
 * instead of the handler's outcome. Kept on `res.locals` between the two, like the call record.
 */
type LostAnswer = () => Promise<void>;

export function deferLostAnswer(res: Response, answer: LostAnswer): void {
  res.locals.lostAnswer = answer;
}

/** The deferred fault, once: taken off the call so the fault's own answer is sent normally. */
export function takeLostAnswer(res: Response): LostAnswer | null {
  const answer = res.locals.lostAnswer as LostAnswer | undefined;
  if (answer === undefined) return null;
  delete res.locals.lostAnswer;
  return answer;
}
