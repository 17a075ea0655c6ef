import { describe, expect, it } from 'vitest';
import { presentedApiKey } from './auth.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('presentedApiKey', () => {
  it('reads Basic <key>: and api-key <key>', () => {
    expect(presentedApiKey({ authorization: `Basic ${b64('k1:')}` })).toBe('k1');
    expect(presentedApiKey({ authorization: `basic ${b64('k1:')}` })).toBe('k1');
    expect(presentedApiKey({ authorization: 'api-key k2' })).toBe('k2');
  });

  it('rejects absent, unknown-scheme and colon-less credentials', () => {
    expect(presentedApiKey({})).toBeNull();
    expect(presentedApiKey({ authorization: 'Bearer k1' })).toBeNull();
    expect(presentedApiKey({ authorization: `Basic ${b64('k1')}` })).toBeNull();
    expect(presentedApiKey({ authorization: `Basic ${b64(':k1')}` })).toBeNull();
    expect(presentedApiKey({ authorization: 'api-key ' })).toBeNull();
  });
});
