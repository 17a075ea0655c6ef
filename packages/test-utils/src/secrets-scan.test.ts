import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from './redis-server.ts';
import { providerSecrets, scanForSecrets, type Secrets } from './secrets-scan.ts';

/**
 * The scan every durability test relies on finds what it claims to: a secret hidden in each type
 * of key, in a key's name, in another database, and in each derived form. A scan that found
 * nothing because it looked nowhere would make every "no credential anywhere" vacuous.
 */

const SECRETS: Secrets[] = [
  providerSecrets({
    PLANET_API_KEY: 'planet-key/4+1',
    HYPERTRACK_ACCOUNT_ID: 'account-9',
    HYPERTRACK_SECRET_KEY: 'secret "quoted"',
  }),
  { values: ['api-token-x1'] },
];
const basic = (pair: string) => Buffer.from(pair).toString('base64');

let redis: PrivateRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'no' });
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const scan = (logs = '') => scanForSecrets({ redisUrl: redis.url, logs, secrets: SECRETS });

describe('scanForSecrets', () => {
  it('finds nothing where there is nothing, and says what it read', async () => {
    await client.flushall();
    await client.set('plain', 'nothing to see');
    await client.hset('h', 'field', 'value');
    const result = await scan('{"msg":"worker ready"}\n');
    expect(result.leaks).toEqual([]);
    expect(result.keys).toBe(2);
    expect([...result.types].sort()).toEqual(['hash', 'string']);
    expect(result.stored).toContain('nothing to see');
  });

  it('finds a secret in every type of key, in a key name and in another database', async () => {
    await client.flushall();
    await client.set('s', 'x api-token-x1 x');
    await client.hset('h', 'api-token-x1', 'a field name');
    await client.rpush('l', 'a', `Basic ${basic('planet-key/4+1:')}`);
    await client.sadd('set', encodeURIComponent('planet-key/4+1'));
    await client.zadd('z', 1, 'account-9');
    await client.xadd('st', '*', 'event', 'failed', 'reason', 'secret "quoted"');
    await client.set('key:api-token-x1', '');
    const other = new Redis(redis.url, { db: 3 });
    await other.set(
      'elsewhere',
      `?token=${encodeURIComponent(basic('account-9:secret "quoted"'))}`,
    );
    other.disconnect();

    const leaks = (await scan()).leaks.join('\n');
    expect(leaks).toMatch(/"api-token-x1" in Redis key s \(db 0, string\)/);
    expect(leaks).toMatch(/"api-token-x1" in Redis key h \(db 0, hash\)/);
    expect(leaks).toMatch(/HTTP Basic of "planet-key\/4\+1:" in Redis key l \(db 0, list\)/);
    expect(leaks).toMatch(/"planet-key\/4\+1" \(URL-encoded\) in Redis key set \(db 0, set\)/);
    expect(leaks).toMatch(/"account-9" in Redis key z \(db 0, zset\)/);
    expect(leaks).toMatch(/"secret \\"quoted\\"" in Redis key st \(db 0, stream\)/);
    expect(leaks).toMatch(/"api-token-x1" in the name of Redis key key:api-token-x1/);
    expect(leaks).toMatch(
      /HTTP Basic of .* \(URL-encoded\) in Redis key elsewhere \(db 3, string\)/,
    );
  });

  it('finds a secret in a log line, escaped as JSON writes it', async () => {
    await client.flushall();
    const line = JSON.stringify({ msg: 'call failed', header: 'secret "quoted"' });
    const { leaks } = await scan(`{"msg":"fine"}\n${line}\n`);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatch(/\(JSON-escaped\) in log line 2: /);
  });

  it('refuses an empty secret, which every text contains', async () => {
    await expect(
      scanForSecrets({ redisUrl: redis.url, logs: '', secrets: [{ values: [''] }] }),
    ).rejects.toThrow(/empty secret/);
  });
});
