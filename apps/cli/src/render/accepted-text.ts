import type { Accepted } from '@cancelq/client';

/** `cancelq cancel` without `--wait`: the id, and how to follow it. */
export function acceptedText(accepted: Accepted, replayed: boolean): string {
  const targets =
    accepted.total === null
      ? 'targets decided by the provider'
      : `${accepted.total} target${accepted.total === 1 ? '' : 's'}`;
  const head = replayed
    ? `already accepted with this Idempotency-Key: ${accepted.id}`
    : `accepted ${accepted.id}`;
  return [
    `${head} (${accepted.provider ?? 'expired'}${accepted.account ? `, account ${accepted.account}` : ''}, ${targets}, ${accepted.state})`,
    `follow it: cancelq status ${accepted.id} --watch`,
  ].join('\n');
}
