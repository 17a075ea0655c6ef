import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const SECRET = 'webhook-secret-0123456789abcdef';
const BODY = '{"id":"c1","state":"completed"}';

describe('Cancelq-Signature', () => {
  it('is t=<seconds>,v1=<HMAC-SHA256 of "t.body"> that a receiver verifies', () => {
    const header = signWebhook(SECRET, BODY, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(SECRET, BODY, header, 1_800_000_010)).toBe(true);
  });

  it.each([
    ['another body', BODY.replace('c1', 'c2'), SECRET, 1_800_000_000],
    ['another secret', BODY, `${SECRET}x`, 1_800_000_000],
    ['too old a timestamp (a replay)', BODY, SECRET, 1_800_000_000 + 301],
  ])('does not verify with %s', (_, body, secret, now) => {
    const header = signWebhook(SECRET, BODY, 1_800_000_000);
    expect(verifyWebhook(secret, body, header, now)).toBe(false);
  });

  it.each([[''], ['t=abc,v1=00'], ['v1=00'], ['t=1800000000'], ['t=1800000000,v1=zz']])(
    'does not verify a malformed header %j',
    (header) => expect(verifyWebhook(SECRET, BODY, header, 1_800_000_000)).toBe(false),
  );
});
