import { describe, expect, it } from 'vitest';
import { publicOnlyLookup, PrivateAddressError } from './public-lookup.ts';

function resolve(hostname: string): Promise<string> {
  return new Promise((done, fail) =>
    publicOnlyLookup(hostname, {}, (error, address) =>
      error ? fail(error) : done(address as string),
    ),
  );
}

describe('the webhook lookup', () => {
  it.each(['localhost', '127.0.0.1', '10.1.2.3', '169.254.169.254', '::1'])(
    'refuses %s, which resolves to a private address, as the connection is made',
    async (hostname) => {
      await expect(resolve(hostname)).rejects.toBeInstanceOf(PrivateAddressError);
    },
  );

  it('lets a public address through', async () => {
    expect(await resolve('93.184.215.14')).toBe('93.184.215.14');
  });
});
