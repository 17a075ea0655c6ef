import type { Response } from 'express';
import { takeLostAnswer } from './lost-answer.ts';
import type { Outcome } from './outcome.ts';
import type { ProviderRuntime } from './runtime.ts';

/**
 * Writes an outcome after the configured artificial latency: the one place handlers answer.
 * A call carrying an `after_effect` fault reaches here with its effect done, and the fault
 * answers instead of the outcome (the answer is lost, the effect stays).
 */
export async function send(runtime: ProviderRuntime, res: Response, out: Outcome): Promise<void> {
  const lost = takeLostAnswer(res);
  if (lost !== null) return lost();
  await runtime.inFlight.delay(runtime.settings.latency_ms);
  // The client may have given up (or reset/shutdown destroyed the socket) while we waited.
  if (res.writableEnded || res.destroyed) return;
  if (out.headers !== undefined) res.set(out.headers);
  res.status(out.status);
  if (out.raw !== undefined) res.type(out.raw.contentType).send(out.raw.text);
  else res.json(out.body);
}
