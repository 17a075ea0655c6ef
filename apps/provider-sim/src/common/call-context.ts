import type { Response } from 'express';
import type { CallRecord } from './call-recorder.ts';

/**
 * The call record of the request being handled, kept on `res.locals` between the pipeline's
 * middlewares.
 */
export function attachCall(res: Response, record: CallRecord): void {
  res.locals.call = record;
}

export function callOf(res: Response): CallRecord {
  const record: unknown = res.locals.call;
  if (record === undefined)
    throw new Error('no call record: route mounted outside the API pipeline');
  return record as CallRecord;
}

/**
 * The account of a call that passed authentication: the one whose orders it may see. Handlers
 * run only after the provider's `prepare` accepted the credential, so a null here is a bug.
 */
export function callerOf(res: Response): string {
  const account = callOf(res).account;
  if (account === null) throw new Error('no account: handler reached without authentication');
  return account;
}
