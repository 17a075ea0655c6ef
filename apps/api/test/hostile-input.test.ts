import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROVIDERS } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { startPrivateRedis, waitFor, type PrivateRedis } from '@cancelq/test-utils';
import { API_TOKEN, scanKeys, uuid } from './harness.ts';
import { startSystem, type System } from './system.ts';
import { describeProbe, printable, type Probe } from './fuzz/probe.ts';
import { rawRequest } from './fuzz/raw-http.ts';
import { deep, protoKeys, wrongTypes } from './fuzz/shape-probes.ts';
import { huge } from './fuzz/size-probes.ts';
import { controls, unicodeIds } from './fuzz/character-probes.ts';
import { brokenJson, invalidUtf8 } from './fuzz/encoding-probes.ts';
import { contentTypes, idempotencyKeys, overLimit } from './fuzz/transport-probes.ts';
import { idsInPath, listQueries } from './fuzz/url-probes.ts';

/**
 * Hostile input, property-based: thousands of generated requests a caller should never send,
 * against the real system (the API as its own process, a worker draining every provider, the
 * simulated providers). Every answer must be a 4xx with the contract's error body, and after
 * every category the API process is still up, nothing reached a queue or the outcome store, and
 * no provider was called.
 *
 * Every generated request is invalid BY CONSTRUCTION, so "no work" holds for each of them: a
 * field is only set to a value the contract refuses there (values it accepts are filtered out
 * with fuzz/contract-rules.ts, written from the spec rather than from the schemas), a hostile
 * batch entry makes the whole batch invalid (all or nothing), and requests that carry a VALID
 * body (wrong Content-Type, a bad Idempotency-Key) are refused for that one reason. The expected
 * status is exact: computed from the request (size, then JSON syntax, then schema) as the
 * contract orders them.
 *
 * On a redis-server of its own: "nothing reached Redis" then means nothing at all, and the
 * closing secrets scan reads every key there is.
 *
 * Reproduce a failure with the seed fast-check prints: CANCELQ_FUZZ_SEED=<seed> pnpm vitest run
 * --project @cancelq/api test/hostile-input.test.ts
 */

const SEED = Number(process.env.CANCELQ_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** [category, arbitrary, runs]: 2,384 requests in all. */
const CATEGORIES: [string, fc.Arbitrary<Probe>, number][] = [
  ['broken and truncated JSON', brokenJson, 300],
  ['wrong types', wrongTypes, 300],
  ['huge strings and arrays', huge, 60],
  ['deep nesting', deep, 100],
  ['bodies over 1 MiB', overLimit, 24],
  ['wrong content types (valid bodies)', contentTypes, 150],
  ['control characters', controls, 300],
  ['__proto__ / constructor keys', protoKeys, 200],
  ['unicode edge cases in ids', unicodeIds, 200],
  ['bytes that are not UTF-8', invalidUtf8, 100],
  ['bad Idempotency-Key headers (valid bodies)', idempotencyKeys, 150],
  ['GET /v1/cancellations/{id}', idsInPath, 250],
  ['GET /v1/cancellations?… query parameters', listQueries, 250],
];

let redis: PrivateRedis;
let system: System;
let sent = 0;

beforeAll(async () => {
  // Nothing here crashes Redis: AOF without an fsync per write.
  redis = await startPrivateRedis({ appendfsync: 'no' });
  system = await startSystem({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await system?.close();
  await redis?.stop();
});

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

async function send(probe: Probe): Promise<Response> {
  const headers = { authorization: `Bearer ${API_TOKEN}`, ...probe.headers };
  sent += 1;
  if (probe.raw) return rawRequest(system.apiUrl, probe.method, probe.path, headers, probe.body);
  const init: RequestInit & { duplex?: 'half' } = { method: probe.method, headers };
  if (probe.body && probe.chunked) {
    init.body = streamOf(probe.body);
    init.duplex = 'half';
  } else if (probe.body) init.body = probe.body;
  return fetch(`${system.apiUrl}${probe.path}`, init);
}

/** The answer is the expected 4xx, with `{error, message?, issues?}` and nothing else. */
async function checkAnswer(probe: Probe, res: Response): Promise<void> {
  const text = await res.text();
  const where = `${describeProbe(probe)}\n  answered ${res.status}: ${text.slice(0, 400)}`;
  expect(res.status, where).toBe(probe.expected.status);
  expect(res.headers.get('content-type'), where).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(
    Object.keys(body).filter((key) => !['error', 'message', 'issues'].includes(key)),
    where,
  ).toEqual([]);
  expect(body.error, where).toBe(probe.expected.error);
  if ('message' in body) expect(typeof body.message, where).toBe('string');
  if (!('issues' in body)) return;
  expect(Array.isArray(body.issues), where).toBe(true);
  const issues = body.issues as Record<string, unknown>[];
  for (const issue of issues) {
    expect(Object.keys(issue).sort(), where).toEqual(['message', 'path']);
    expect(typeof issue.path, where).toBe('string');
    expect(typeof issue.message, where).toBe('string');
  }
  const at = probe.expected.issuesAt;
  if (at === undefined) return;
  expect(issues.length, where).toBeGreaterThan(0);
  for (const { path } of issues as { path: string }[]) {
    if (at !== '') expect(path === at || path.startsWith(`${at}.`), where).toBe(true);
  }
}

/** Nothing in any queue (any state), no outcome record or index entry, no idempotency key. */
async function expectNoWork(): Promise<void> {
  const keys = outcomeKeys(system.prefix);
  for (const provider of PROVIDERS) {
    const counts = await system.queues[provider].getJobCounts();
    expect(counts, `jobs in the ${provider} queue`).toSatisfy((c: Record<string, number>) =>
      Object.values(c).every((n) => n === 0),
    );
    expect(await system.redis.zcard(keys.providerIndex(provider))).toBe(0);
  }
  expect(await system.redis.zcard(keys.legacyIndex)).toBe(0);
  expect(await scanKeys(system.redis, keys.record('*'))).toEqual([]);
  expect(await scanKeys(system.redis, keys.idempotency('*'))).toEqual([]);
}

/** No simulated provider has seen a single call. */
async function expectNoProviderCalls(): Promise<void> {
  for (const provider of PROVIDERS) {
    expect((await system.calls(provider)).count, `calls to ${provider}`).toBe(0);
  }
}

/** The same API process is up and answers. */
async function expectApiUp(): Promise<void> {
  expect(system.api.child.exitCode, system.api.output()).toBeNull();
  expect(system.api.child.signalCode, system.api.output()).toBeNull();
  expect((await fetch(`${system.apiUrl}/healthz`)).status).toBe(200);
}

describe.each(CATEGORIES)('%s', (_name, arbitrary, numRuns) => {
  it(`${numRuns} generated requests: each a 4xx with the contract's body, none does any work`, async () => {
    const indexes = outcomeKeys(system.prefix).providerIndexes;
    const indexed = async () =>
      (await Promise.all(indexes.map((index) => system.redis.zcard(index)))).reduce(
        (a, b) => a + b,
      );
    await fc.assert(
      fc.asyncProperty(printable(arbitrary), async (probe) => {
        await checkAnswer(probe, await send(probe));
        // Cheap per request, so fast-check can shrink to the request that did it: every
        // accepted cancellation is indexed in the same transaction as its jobs.
        expect(await indexed(), describeProbe(probe)).toBe(0);
      }),
      {
        numRuns,
        seed: SEED,
        // Bounded even while shrinking a failure; the report then still names the seed.
        plugins: [fc.interruptAfterTimeLimit(45_000, { failOnInterrupt: true })],
      },
    );
    await expectApiUp();
    await expectNoWork();
    await expectNoProviderCalls();
  });
});

describe('after every category', () => {
  it('sent at least 2,000 requests', () => {
    expect(sent).toBeGreaterThanOrEqual(2_000);
  });

  it('the API process never restarted, logged no error, and still answers', async () => {
    await expectApiUp();
    // pino levels: 50 error, 60 fatal (a 500 is logged as "unexpected error" at 50).
    expect(system.api.output()).not.toMatch(/"level":(50|60)/);
  });

  it('no provider was called and nothing is queued, after the worker had time to drain', async () => {
    await expectNoWork();
    await expectNoProviderCalls();
  });

  // The checks above could pass vacuously (a worker that drains nothing, a call log that
  // records nothing); one valid request per provider shows they see work when there is some.
  it('the checks can see work: one valid request per provider reaches its simulator', async () => {
    const valid = [
      { provider: 'planet', order_ids: [uuid(1)] },
      {
        provider: 'planomatic',
        order_id: '654321',
        cancelation_reason: 'duplicate_order',
        notes: 'Positive control.',
      },
      { provider: 'coinw', source_ids: ['33308750270880236'] },
      { provider: 'hypertrack', order_handle: 'order-1' },
    ];
    for (const body of valid) {
      const res = await fetch(`${system.apiUrl}/v1/cancellations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(202);
    }
    for (const provider of PROVIDERS) {
      await waitFor(async () => (await system.calls(provider)).count > 0, {
        what: `a call to the ${provider} simulator`,
        timeoutMs: 20_000,
      });
    }
    const keys = outcomeKeys(system.prefix);
    for (const provider of PROVIDERS)
      expect(await system.redis.zcard(keys.providerIndex(provider)), provider).toBe(1);
  });

  it("no credential or API token in any Redis key or value, or in the API's or worker's log", async () => {
    const scan = await system.scanForSecrets();
    expect(scan.keys).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  });
});
