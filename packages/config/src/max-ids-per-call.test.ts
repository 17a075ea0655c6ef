import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';
import { maxIdsPerCall } from './max-ids-per-call.ts';

describe('maxIdsPerCall', () => {
  it('reads each provider its own variable, 1 where a call takes one order', () => {
    expect(maxIdsPerCall(parseEnv({}))).toEqual({
      planet: 100,
      planomatic: 1,
      coinw: 20,
      hypertrack: 1,
    });
    const env = parseEnv({ PLANET_BULK_MAX: '3', COINW_BATCH_MAX: '5' });
    expect(maxIdsPerCall(env)).toMatchObject({ planet: 3, coinw: 5 });
  });
});
