import type { Request, Response } from 'express';
import type { FaultSpec } from './faults.ts';
import type { Outcome } from './outcome.ts';
import type { ProviderRuntime } from './runtime.ts';
import { send } from './send.ts';

const MESSAGES: Record<string, string> = {
  '401': 'Invalid API key',
  '403': 'Forbidden',
  '429': 'Too many requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
};

// Cut mid-token so every JSON parser fails, whatever shape the client expected.
const TRUNCATED_JSON = '{"result":{"failed":{"count":0,"failures":[{"message":"Order not';

/**
 * The default answer to a status fault (`500`…`429`): that status with the provider's error
 * body, and Retry-After on a `429` when `retry_after_s` is given.
 */
export function statusFaultAnswer(
  errorBody: (status: number, message: string) => unknown,
): (fault: FaultSpec) => Outcome {
  return (fault) => {
    const status = Number(fault.kind);
    const headers: Record<string, string> = {};
    if (fault.kind === '429' && fault.retry_after_s !== undefined) {
      headers['Retry-After'] = String(fault.retry_after_s);
    }
    return { status, body: errorBody(status, MESSAGES[fault.kind] ?? 'Error'), headers };
  };
}

/**
 * Answers a call with its fault: instead of running it (the call never reaches the provider's
 * handlers, so order state is untouched), or, for an `after_effect` fault, instead of the
 * answer of the handler that ran. `statusAnswer` builds the answer to a status fault.
 */
export async function applyFault(
  runtime: ProviderRuntime,
  statusAnswer: (fault: FaultSpec) => Outcome,
  fault: FaultSpec,
  req: Request,
  res: Response,
): Promise<void> {
  switch (fault.kind) {
    case 'hang':
      // Accept and never answer; the socket is destroyed when the client gives up, or at
      // reset/shutdown.
      runtime.inFlight.hold(req.socket);
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'malformed':
      await runtime.inFlight.delay(runtime.settings.latency_ms);
      if (res.writableEnded || res.destroyed) return;
      res.status(200).type('application/json').send(TRUNCATED_JSON);
      return;
    default:
      await send(runtime, res, statusAnswer(fault));
  }
}
