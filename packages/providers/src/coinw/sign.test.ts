import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { coinwPrehash, coinwSignature } from './sign.ts';

/** The reference: OpenSSL's HMAC, base64 of the raw digest — computed without our code. */
function opensslSignature(secret: string, prehash: string): string {
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-binary'], {
    input: prehash,
  });
  return digest.toString('base64');
}

describe('CoinW signing', () => {
  it('signs timestamp + METHOD + path + body exactly as CoinW documents', () => {
    const body = '{"sourceIds":["33308750270880236","33308750270538609"]}';
    expect(coinwPrehash('1701945494169', 'delete', '/v1/perpum/batchOrders', body)).toBe(
      `1701945494169DELETE/v1/perpum/batchOrders${body}`,
    );
  });

  it.each([
    [
      'sim-coinw-secret',
      '1701944491793GET/v1/fapi/getStopProfit?orderId=54635502191944903&instrument=BTC&openId=0',
    ],
    ['s3cr3t', '1701945494169DELETE/v1/perpum/batchOrders{"sourceIds":["1","2"],"posType":"plan"}'],
    [
      'ünïcode-secret',
      '1700000000000DELETE/v1/perpum/batchOrders{"sourceIds":["9223372036854775807"]}',
    ],
  ])('matches openssl for secret %j', (secret, prehash) => {
    expect(coinwSignature(secret, prehash)).toBe(opensslSignature(secret, prehash));
  });

  it('is base64 of a 32-byte digest, not hex', () => {
    const sign = coinwSignature('k', 'x');
    expect(Buffer.from(sign, 'base64')).toHaveLength(32);
    expect(sign).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
