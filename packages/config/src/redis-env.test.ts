import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';
import { acceptReplicasOf, hashTagOf } from './redis-env.ts';
import { redisTargetOf } from './redis-target.ts';

const NODES = '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002';

describe('REDIS_CLUSTER_NODES', () => {
  it('unset: one Redis at REDIS_URL, prefix `cancelq`, acceptances wait for no replica', () => {
    const env = parseEnv({ REDIS_URL: 'redis://r:6380' });
    expect(redisTargetOf(env)).toEqual({ kind: 'single', url: 'redis://r:6380' });
    expect(env.CANCELQ_REDIS_PREFIX).toBe('cancelq');
    expect(acceptReplicasOf(env)).toBe(0);
  });

  it('set: a cluster of those seeds, replacing REDIS_URL; the prefix is `{cancelq}`; one replica', () => {
    const env = parseEnv({ REDIS_URL: 'redis://r:6380', REDIS_CLUSTER_NODES: NODES });
    expect(redisTargetOf(env)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: false,
    });
    expect(env.CANCELQ_REDIS_PREFIX).toBe('{cancelq}');
    expect(acceptReplicasOf(env)).toBe(1);
    expect(env.CANCELQ_ACCEPT_REPLICA_TIMEOUT).toBe(1_000);
    expect(
      acceptReplicasOf(parseEnv({ REDIS_CLUSTER_NODES: NODES, CANCELQ_ACCEPT_REPLICAS: '0' })),
    ).toBe(0);
  });

  it('takes URLs: one login and TLS for every node, the port defaulting to 6379', () => {
    const env = parseEnv({
      REDIS_CLUSTER_NODES: 'rediss://app:p%40ss@cache-1.example:6380,rediss://cache-2.example',
    });
    expect(redisTargetOf(env)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'cache-1.example', port: 6380 },
        { host: 'cache-2.example', port: 6379 },
      ],
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
  });

  it.each([
    ['redis://a:1,rediss://b:2', /TLS is all or nothing/],
    ['redis://:one@a:1,redis://:two@b:2', /different logins/],
    ['http://a:1', /only redis:\/\/ and rediss:\/\//],
    ['redis://a:1/3', /only database 0/],
    [' , ', /names no node/],
    ['a:99999', /is not host:port/],
  ])('refuses %j, naming the variable', (nodes, message) => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: nodes })).toThrow(/REDIS_CLUSTER_NODES: /);
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: nodes })).toThrow(message);
  });

  it('never repeats a password in its message', () => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: 'redis://user:s3cret-pw@a:99999' })).toThrow(
      /"redis:\/\/\*\*\*@a:99999" is not host:port/,
    );
  });
});

describe('CANCELQ_REDIS_PREFIX on a Redis Cluster', () => {
  it('refuses a prefix without a hash tag, and says which one would do', () => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: NODES, CANCELQ_REDIS_PREFIX: 'acme' })).toThrow(
      /CANCELQ_REDIS_PREFIX: "acme" has no hash tag; .* set it to "\{acme\}"/,
    );
    // The same prefix on a single Redis is fine: there every key is on the one server.
    expect(parseEnv({ CANCELQ_REDIS_PREFIX: 'acme' }).CANCELQ_REDIS_PREFIX).toBe('acme');
  });

  it('keeps a prefix that holds one, as given', () => {
    const env = parseEnv({ REDIS_CLUSTER_NODES: NODES, CANCELQ_REDIS_PREFIX: 'prod:{acme}' });
    expect(env.CANCELQ_REDIS_PREFIX).toBe('prod:{acme}');
  });

  it.each([
    ['{cancelq}', 'cancelq'],
    ['a{b}c', 'b'],
    ['{b}{c}', 'b'],
    ['cancelq', null],
    ['{}cancelq', null],
    ['{}{b}', null],
    ['{cancelq', null],
    ['cancelq}', null],
  ])('the hash tag of %j is %j, as Redis reads it', (prefix, tag) => {
    expect(hashTagOf(prefix)).toBe(tag);
  });
});

describe('CANCELQ_ACCEPT_REPLICA_TIMEOUT', () => {
  it('must end before the API gives up on the command', () => {
    expect(() => parseEnv({ CANCELQ_ACCEPT_REPLICA_TIMEOUT: '5s' })).toThrow(
      /CANCELQ_ACCEPT_REPLICA_TIMEOUT: must be below 5s/,
    );
    expect(
      parseEnv({ CANCELQ_ACCEPT_REPLICA_TIMEOUT: '250ms' }).CANCELQ_ACCEPT_REPLICA_TIMEOUT,
    ).toBe(250);
  });
});
