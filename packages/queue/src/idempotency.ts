import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis.ts';
import { outcomeKeys } from './keys.ts';
import { defineScript } from './define-script.ts';

/** What an Idempotency-Key remembers: a hash of the body it came with and what it answered. */
export interface IdempotentAnswer {
  bodyHash: string;
  /** The cancellation ids the first call created (one, or a batch's in order). */
  ids: string[];
}

/** The answer to write under a claimed key, in the acceptance's own transaction. */
export interface IdempotencyRecord {
  keyHash: string;
  value: string;
}

/** A request that carried an Idempotency-Key. */
export interface IdempotentRequest {
  /** The key as the caller sent it. */
  key: string;
  /** Keys of different scopes never meet (a single request's and a batch's). */
  scope: string;
  /** The body as canonical JSON: the same request in another key order is the same body. */
  canonicalBody: string;
  /** The cancellation ids this request creates if it is accepted now. */
  ids: string[];
}

/** What became of an idempotent request. */
export type IdempotentAcceptance =
  /** Accepted now, with the key's answer written in the same transaction. */
  | { outcome: 'accepted' }
  /** Another request with this key is being accepted: nothing was done. */
  | { outcome: 'in_flight' }
  /** The key was first used with another body: nothing was done. */
  | { outcome: 'reused' }
  /** The same request again: nothing was done; these are the ids the first one created. */
  | { outcome: 'replay'; ids: string[] };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const releaseClaim = defineScript<[key: string], [], number>({
  name: 'cancelqIdempotencyRelease',
  file: 'idempotency-release.lua',
});

/**
 * Keys are stored hashed (a caller may put anything in them). A claim with NX closes the race
 * between two identical requests in flight; it expires by itself if the API dies before the
 * acceptance transaction overwrites it with the answer.
 */
export class IdempotencyKeys {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = outcomeKeys(prefix);
    releaseClaim.defineOn(redis);
  }

  hash(key: string, scope: string): string {
    return sha256(`${scope}\n${key}`);
  }

  /** 'claimed' when this call may proceed; otherwise what the key already holds. */
  async claim(
    keyHash: string,
    claimTtlMs = 30_000,
  ): Promise<'claimed' | IdempotentAnswer | 'in_flight'> {
    const key = this.keys.idempotency(keyHash);
    const claimed = await this.redis.set(key, 'in_flight', 'PX', claimTtlMs, 'NX');
    if (claimed === 'OK') return 'claimed';
    const held = await this.redis.get(key);
    if (held === null) return this.claim(keyHash, claimTtlMs);
    return held === 'in_flight' ? 'in_flight' : (JSON.parse(held) as IdempotentAnswer);
  }

  /** Gives up a claim, unless an answer has replaced it (lua/idempotency-release.lua). */
  async release(keyHash: string): Promise<void> {
    await releaseClaim(this.redis, [this.keys.idempotency(keyHash)], []);
  }
}

/**
 * The whole Idempotency-Key flow: claim the key; if it is held, compare bodies and say what the
 * first request created; otherwise run `accept`, which must write `record` in the acceptance's
 * own transaction (acceptCancellations), so a repeat either finds the answer or finds nothing
 * was accepted; and if `accept` fails, release the claim so the caller may retry.
 *
 * `unanswered` tells the failures after which Redis is not answering (the outcome is unknown):
 * then the release is sent but not waited for, so the caller hears now rather than after the
 * release times out as well.
 */
export async function acceptIdempotently(
  keys: IdempotencyKeys,
  request: IdempotentRequest,
  accept: (record: IdempotencyRecord) => Promise<void>,
  unanswered: (error: unknown) => boolean = () => false,
): Promise<IdempotentAcceptance> {
  const keyHash = keys.hash(request.key, request.scope);
  const bodyHash = sha256(request.canonicalBody);
  const claim = await keys.claim(keyHash);
  if (claim === 'in_flight') return { outcome: 'in_flight' };
  if (claim !== 'claimed')
    return claim.bodyHash === bodyHash
      ? { outcome: 'replay', ids: claim.ids }
      : { outcome: 'reused' };

  const answer: IdempotentAnswer = { bodyHash, ids: request.ids };
  try {
    await accept({ keyHash, value: JSON.stringify(answer) });
  } catch (error) {
    // The release deletes the claim only while it still says in_flight, and it follows the
    // transaction down the same connection: a transaction Redis applies late has put the answer
    // there first, and the release leaves it.
    const released = keys.release(keyHash).catch(() => undefined);
    if (!unanswered(error)) await released;
    throw error;
  }
  return { outcome: 'accepted' };
}
