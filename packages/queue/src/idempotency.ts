import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis.ts';
import { outcomeKeys } from './keys.ts';

/** What an Idempotency-Key remembers: a hash of the body it came with and what it answered. */
export interface IdempotentAnswer {
  bodyHash: string;
  /** The cancellation ids the first call created (one, or a batch's in order). */
  ids: string[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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

  async release(keyHash: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == 'in_flight' then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      this.keys.idempotency(keyHash),
    );
  }
}
