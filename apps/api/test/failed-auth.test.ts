import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, BOARD_PASSWORD, BOARD_USER, startApi, type TestApi } from './harness.ts';

let api: TestApi;
/** CANCELQ_AUTH_FAILURES's default. */
const FAILED_AUTH_LIMIT = 20;

beforeAll(async () => {
  api = await startApi({ label: 'failed-auth' });
});
afterAll(async () => api?.close());

const withToken = (token: string) =>
  api.fetch('/v1/cancellations', { headers: { authorization: `Bearer ${token}` } });
const board = (password: string) =>
  api.fetch('/admin/queues', {
    headers: {
      authorization: `Basic ${Buffer.from(`${BOARD_USER}:${password}`).toString('base64')}`,
    },
  });

describe('repeated refused credentials from one address', () => {
  it(`after ${FAILED_AUTH_LIMIT} refusals a minute, wrong tokens get 429 with Retry-After; the right one still passes`, async () => {
    for (let i = 0; i < FAILED_AUTH_LIMIT; i += 1) {
      expect((await withToken(`guess-${i}`)).status).toBe(401);
    }
    const throttled = await withToken('guess-again');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ error: 'too_many_failed_attempts' });
    // Someone else at the same address with the right token is neither counted nor held back.
    expect((await withToken(API_TOKEN)).status).toBe(200);
  });

  it('Bull Board’s login is throttled the same way', async () => {
    for (let i = 0; i < FAILED_AUTH_LIMIT; i += 1)
      expect((await board(`nope-${i}`)).status).toBe(401);
    expect((await board('nope-again')).status).toBe(429);
    expect((await board(BOARD_PASSWORD)).status).not.toBe(429);
  });
});
