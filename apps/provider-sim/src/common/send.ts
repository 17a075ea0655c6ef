import type { Response } from 'express';
import type { Outcome } from './outcome.ts';
import type { ProviderRuntime } from './runtime.ts';

/** Writes an outcome after the configured artificial latency. */
export async function send(runtime: ProviderRuntime, res: Response, out: Outcome): Promise<void> {
  await runtime.inFlight.delay(runtime.settings.latency_ms);
  // The client may have given up (or reset/shutdown destroyed the socket) while we waited.
  if (res.writableEnded || res.destroyed) return;
  if (out.headers !== undefined) res.set(out.headers);
  res.status(out.status).json(out.body);
}
