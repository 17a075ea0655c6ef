import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, NO_WORK, startApi, uuid, workInRedis, type TestApi } from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'auth' });
});
afterAll(async () => {
  await api.close();
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
];

const wrongAuthorizations: [string, string | undefined][] = [
  ['no Authorization header', undefined],
  ['a wrong token', 'Bearer not-the-token'],
  ['the token with a suffix', `Bearer ${API_TOKEN}x`],
  ['a prefix of the token', `Bearer ${API_TOKEN.slice(0, -1)}`],
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

  it('refused requests wrote nothing to Redis', async () => {
    expect(await workInRedis(api)).toEqual(NO_WORK);
  });

  it('the right token is accepted on every route', async () => {
    const [post, batch, list, get, unknown] = await Promise.all(
      routes.map((route) => call(route, `Bearer ${API_TOKEN}`)),
    );
    expect(post?.status).toBe(202);
    expect(batch?.status).toBe(202);
    expect(list?.status).toBe(200);
    expect(get?.status).toBe(404);
    expect(unknown?.status).toBe(404);
    expect((await workInRedis(api)).indexed).toBe(2);
  });

  it('is not needed for /healthz and /readyz', async () => {
    expect((await api.fetch('/healthz')).status).toBe(200);
    expect((await api.fetch('/readyz')).status).toBe(200);
  });
});
