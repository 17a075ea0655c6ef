import { lookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '@cancelq/contracts';

export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
}

/**
 * A `lookup` for the webhook's HTTP agent that refuses names resolving to loopback, private or
 * link-local addresses. Checked where the connection is made, not before: a name that resolves
 * to a public address when checked and to 127.0.0.1 when connecting (DNS rebinding) is caught.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((address) => isPrivateAddress(address.address));
    if (refused)
      return callback(
        new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private address`),
        '',
        0,
      );
    if (options.all) return callback(null, addresses, 0);
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    return callback(null, first.address, first.family);
  });
};
