import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { boardSnapshot, seedJobs } from './board-jobs.ts';
import { boardRoutes } from './board-routes.ts';
import {
  API_TOKEN,
  BOARD_PASSWORD,
  BOARD_USER,
  NO_WORK,
  startApi,
  uuid,
  workInRedis,
  type TestApi,
} from './harness.ts';

/** A redis-server of this file's own: "wrote nothing" and the secrets scan see every key. */
let redis: PrivateRedis;
let api: TestApi;

beforeAll(async () => {
  // Nothing here crashes Redis: AOF without an fsync per write.
  redis = await startPrivateRedis({ appendfsync: 'no' });
  // seedJobs (board-jobs.ts) opens its own connection to testRedisUrl(), which reads REDIS_URL:
  // pointed here, it seeds the Redis the API reads.
  vi.stubEnv('REDIS_URL', redis.url);
  // Every refusal here is a case of the token check; throttling repeated refusals has its own
  // test (failed-auth.test.ts).
  api = await startApi({
    label: 'auth',
    env: { REDIS_URL: redis.url, CANCELQ_AUTH_FAILURES: '100000' },
  });
});
afterAll(async () => {
  await api?.close();
  await redis?.stop();
  vi.unstubAllEnvs();
});

const validBody = JSON.stringify({ provider: 'planet', order_ids: [uuid(1)] });

const routes: { name: string; method: string; path: string; body?: string }[] = [
  { name: 'POST /v1/cancellations', method: 'POST', path: '/v1/cancellations', body: validBody },
  {
    name: 'POST /v1/cancellations/batch',
    method: 'POST',
    path: '/v1/cancellations/batch',
    body: JSON.stringify({ cancellations: [JSON.parse(validBody)] }),
  },
  { name: 'GET /v1/cancellations', method: 'GET', path: '/v1/cancellations' },
  { name: 'GET /v1/cancellations/{id}', method: 'GET', path: `/v1/cancellations/${uuid(1)}` },
  { name: 'an unknown /v1 route', method: 'GET', path: '/v1/unknown' },
  { name: 'DELETE /v1/cancellations/{id}', method: 'DELETE', path: `/v1/cancellations/${uuid(1)}` },
  { name: 'PUT /v1/cancellations', method: 'PUT', path: '/v1/cancellations', body: validBody },
];

const wrongAuthorizations: [string, string | undefined][] = [
  ['no Authorization header', undefined],
  ['a wrong token', 'Bearer not-the-token'],
  ['the token with a suffix', `Bearer ${API_TOKEN}x`],
  ['a prefix of the token', `Bearer ${API_TOKEN.slice(0, -1)}`],
  ['a suffix of the token', `Bearer ${API_TOKEN.slice(1)}`],
  ['its first character', `Bearer ${API_TOKEN.slice(0, 1)}`],
  ['the token twice', `Bearer ${API_TOKEN}${API_TOKEN}`],
  ['the token with a character in front', `Bearer x${API_TOKEN}`],
  ['two spaces after the scheme', `Bearer  ${API_TOKEN}`],
  ['the token under another scheme', `Token ${API_TOKEN}`],
  ['the token under a scheme that starts like Bearer', `Bearerx ${API_TOKEN}`],
  ['the token in another case', `Bearer ${API_TOKEN.toUpperCase()}`],
  ['an empty bearer', 'Bearer '],
  ['the bare token without a scheme', API_TOKEN],
  ['the token as Basic credentials', `Basic ${Buffer.from(`x:${API_TOKEN}`).toString('base64')}`],
];

async function call(route: (typeof routes)[number], authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  return api.fetch(route.path, { method: route.method, headers, body: route.body });
}

describe.each(routes)('$name', (route) => {
  it.each(wrongAuthorizations)('%s → 401 unauthorized', async (_name, authorization) => {
    const res = await call(route, authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });
});

describe('the bearer token', () => {
  it('is checked before the body: a bad body without a token is 401, not 400 or 415', async () => {
    const invalid = await api.fetch('/v1/cancellations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"provider":',
    });
    expect(invalid.status).toBe(401);
    const textPlain = await api.fetch('/v1/cancellations', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: validBody,
    });
    expect(textPlain.status).toBe(401);
  });

  it('takes the scheme in any case, as HTTP defines it', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const res = await api.fetch('/v1/cancellations', {
        headers: { authorization: `${scheme} ${API_TOKEN}` },
      });
      expect(res.status, scheme).toBe(200);
    }
  });

  it('refused requests wrote nothing to Redis', async () => {
    expect(await workInRedis(api)).toEqual(NO_WORK);
  });

  it('the right token is accepted on every route', async () => {
    const [post, batch, list, get, unknown, remove, put] = await Promise.all(
      routes.map((route) => call(route, `Bearer ${API_TOKEN}`)),
    );
    expect(post?.status).toBe(202);
    expect(batch?.status).toBe(202);
    expect(list?.status).toBe(200);
    expect(get?.status).toBe(404);
    expect(unknown?.status).toBe(404);
    expect(remove?.status).toBe(404);
    expect(put?.status).toBe(404);
    expect((await workInRedis(api)).indexed).toBe(2);
  });

  it('is not needed for /healthz and /readyz', async () => {
    expect((await api.fetch('/healthz')).status).toBe(200);
    expect((await api.fetch('/readyz')).status).toBe(200);
  });
});

describe('/admin/queues (Bull Board, HTTP Basic)', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
  const wrongCredentials: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['a wrong password', basic(`${BOARD_USER}:wrong`)],
    ['a wrong user', basic(`someone:${BOARD_PASSWORD}`)],
    ['a prefix of the password', basic(`${BOARD_USER}:${BOARD_PASSWORD.slice(0, -1)}`)],
    ['a suffix of the password', basic(`${BOARD_USER}:${BOARD_PASSWORD.slice(1)}`)],
    ['the password with a suffix', basic(`${BOARD_USER}:${BOARD_PASSWORD}x`)],
    ['a prefix of the user', basic(`${BOARD_USER.slice(0, -1)}:${BOARD_PASSWORD}`)],
    ['user and password swapped', basic(`${BOARD_PASSWORD}:${BOARD_USER}`)],
    ['an empty password', basic(`${BOARD_USER}:`)],
    ['no colon', basic(`${BOARD_USER}${BOARD_PASSWORD}`)],
    ['the API token as the password', basic(`${BOARD_USER}:${API_TOKEN}`)],
    ['the API bearer token (wrong scheme)', `Bearer ${API_TOKEN}`],
    [
      'the right credentials under the Bearer scheme',
      `Bearer ${Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64')}`,
    ],
    ['the right credentials, not base64-encoded', `Basic ${BOARD_USER}:${BOARD_PASSWORD}`],
  ];
  // Bull Board's pages, static files and every API route, read from its own route table.
  const routes = boardRoutes({
    queueName: 'planet',
    jobId: 'failed-1',
    queueStatus: 'failed',
    schedulerId: 'scheduler-1',
  });

  beforeAll(async () => {
    await seedJobs(api.deps.queues.planet, api.prefix);
  });

  it('covers every page and API route of the board', () => {
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(15);
    expect(routes.filter((r) => r.method !== 'GET').length).toBeGreaterThan(20);
  });

  it.each(wrongCredentials)(
    '%s → 401 with a Basic challenge on every route',
    async (_name, auth) => {
      const before = await boardSnapshot(Object.values(api.deps.queues), api.deps.queues.planet);
      for (const route of routes) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (auth !== undefined) headers.authorization = auth;
        const res = await api.fetch(`/admin/queues${route.path}`, {
          method: route.method,
          headers,
          body: route.body === undefined ? undefined : JSON.stringify(route.body),
        });
        const where = `${route.method} ${route.path}`;
        expect(res.status, where).toBe(401);
        expect(res.headers.get('www-authenticate'), where).toMatch(/^Basic realm="[^"]+"/);
        expect(await res.json(), where).toEqual({ error: 'unauthorized' });
      }
      expect(await boardSnapshot(Object.values(api.deps.queues), api.deps.queues.planet)).toEqual(
        before,
      );
    },
  );

  it('the right credentials open every page', async () => {
    const right = basic(`${BOARD_USER}:${BOARD_PASSWORD}`);
    for (const route of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api'))) {
      const res = await api.fetch(`/admin/queues${route.path}`, {
        headers: { authorization: right },
      });
      expect(res.status, route.path).toBe(200);
    }
  });
});

describe('after all of the above', () => {
  it("no credential or token in any Redis key or value, or in the API's log", async () => {
    const scan = await api.scanForSecrets();
    expect(scan.keys).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  });
});
