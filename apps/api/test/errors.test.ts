import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, errorOf, expectNoNewWork, startApi, uuid, type TestApi } from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'errors' });
});
afterAll(async () => {
  await api.close();
});

const MiB = 1024 * 1024;
const auth = { authorization: `Bearer ${API_TOKEN}` };
const valid = { provider: 'planet', order_ids: [uuid(1)] };

/** A JSON body of exactly `bytes` bytes: a valid request padded with an unknown field. */
function bodyOfSize(bytes: number): string {
  const empty = JSON.stringify({ ...valid, pad: '' });
  return JSON.stringify({ ...valid, pad: 'x'.repeat(bytes - empty.length) });
}

async function expectError(res: Response, status: number, error: string): Promise<void> {
  expect(res.status).toBe(status);
  expect((await errorOf(res)).error).toBe(error);
}

describe('malformed JSON → 400 invalid_json', () => {
  it.each([
    ['truncated', '{"provider":'],
    ['single quotes', "{'provider':'planet'}"],
    ['trailing garbage', `${JSON.stringify(valid)} x`],
    ['a trailing comma', '{"provider":"planet","order_ids":[],}'],
    ['not JSON at all', 'provider=planet'],
  ])('%s', async (_name, text) => {
    for (const path of ['/v1/cancellations', '/v1/cancellations/batch']) {
      const res = await expectNoNewWork(api, () => api.post(path, text));
      expect(res.status).toBe(400);
      const body = await errorOf(res);
      expect(body.error).toBe('invalid_json');
      expect(typeof body.message).toBe('string');
    }
  });
});

describe('well-formed JSON of the wrong shape → 400 validation_error', () => {
  it.each([
    ['an array', '[]'],
    ['an empty object', '{}'],
  ])('%s', async (_name, text) => {
    const res = await expectNoNewWork(api, () => api.post('/v1/cancellations', text));
    await expectError(res, 400, 'validation_error');
  });

  // Well-formed JSON of the wrong shape is a schema violation, not malformed JSON.
  it.each([
    ['a number', '42'],
    ['a string', '"planet"'],
    ['true', 'true'],
    ['null', 'null'],
  ])('%s', async (_name, text) => {
    const res = await expectNoNewWork(api, () => api.post('/v1/cancellations', text));
    await expectError(res, 400, 'validation_error');
  });
});

describe('body size', () => {
  it('a body of exactly 1 MiB is read (and then validated)', async () => {
    const body = bodyOfSize(MiB);
    expect(Buffer.byteLength(body)).toBe(MiB);
    const res = await expectNoNewWork(api, () => api.post('/v1/cancellations', body));
    await expectError(res, 400, 'validation_error');
  });

  it.each(['/v1/cancellations', '/v1/cancellations/batch'])(
    'a body one byte over 1 MiB → 413 payload_too_large on %s',
    async (path) => {
      const body = bodyOfSize(MiB + 1);
      const res = await expectNoNewWork(api, () => api.post(path, body));
      await expectError(res, 413, 'payload_too_large');
    },
  );

  it('a gzip body that inflates past 1 MiB → 413 payload_too_large', async () => {
    const compressed = gzipSync(bodyOfSize(3 * MiB));
    expect(compressed.length).toBeLessThan(MiB);
    const res = await expectNoNewWork(api, () =>
      api.fetch('/v1/cancellations', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: compressed,
      }),
    );
    await expectError(res, 413, 'payload_too_large');
  });
});

describe('content type', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
  ])('%s → 415 unsupported_media_type', async (_name, type) => {
    for (const path of ['/v1/cancellations', '/v1/cancellations/batch']) {
      const res = await expectNoNewWork(api, () =>
        api.fetch(path, {
          method: 'POST',
          headers: { ...auth, 'content-type': type },
          body: JSON.stringify(valid),
        }),
      );
      await expectError(res, 415, 'unsupported_media_type');
    }
  });

  it('no Content-Type → 415 unsupported_media_type', async () => {
    // A byte body makes fetch send no Content-Type (a string would get text/plain).
    const res = await expectNoNewWork(api, () =>
      api.fetch('/v1/cancellations', {
        method: 'POST',
        headers: auth,
        body: new TextEncoder().encode(JSON.stringify(valid)),
      }),
    );
    expect(res.headers.has('content-type')).toBe(true);
    await expectError(res, 415, 'unsupported_media_type');
  });

  it('application/json with a charset parameter is JSON', async () => {
    const res = await api.post('/v1/cancellations', valid, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(202);
  });
});

describe('unknown routes → 404 not_found', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/nope'],
    ['GET', '/v2/cancellations'],
    ['GET', '/v1/cancellations/x/targets'],
    ['POST', '/v1/nope'],
    ['DELETE', `/v1/cancellations/${uuid(1)}`],
  ])('%s %s', async (method, path) => {
    const res = await api.fetch(path, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ error: 'not_found' });
  });
});

describe('hostile input never yields a 5xx', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  it.each([
    ['deeply nested arrays', deep],
    ['deeply nested arrays in a batch', `{"cancellations":${deep}}`],
    ['a __proto__ key', `{"provider":"planet","order_ids":["${uuid(1)}"],"__proto__":{"a":1}}`],
    ['a constructor key', `{"provider":"planet","constructor":{"prototype":{}}}`],
    ['a huge number', `{"provider":"hypertrack","order_handle":"h","type_index":1e400}`],
    ['a lone surrogate', `{"provider":"planet","order_ids":["\\ud800"]}`],
    ['a NUL in an id', `{"provider":"hypertrack","order_handle":"a\\u0000b"}`],
  ])('%s', async (_name, text) => {
    const res = await expectNoNewWork(api, () =>
      api.post('/v1/cancellations', text, { 'idempotency-key': `hostile-${_name}` }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await errorOf(res);
  });
});
