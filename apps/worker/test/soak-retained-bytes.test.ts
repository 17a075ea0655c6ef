/** Bytes per retained cancellation, single-target and 20-id: the figures for sizing Redis. */
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '@cancelq/contracts';
import { MB, streamBytes, usedMemory } from './redis-memory.ts';
import {
  acceptAndDrain,
  bodies,
  failedJobs,
  part,
  PER_RETAINED,
  useSoakPart,
} from './soak-part.ts';

/** Limits far above what this machine reaches: the soak measures memory, not pacing. */
const NO_LIMIT = '100000/1s';

describe('bytes per retained cancellation', () => {
  useSoakPart('1h', NO_LIMIT);

  it('measures a single-target and a 20-id cancellation, finished and retained', async () => {
    const { stack, client } = part!;
    const measure = async (provider: ProviderId, count: number, ids: number) => {
      const all = await bodies(stack, provider, count, ids);
      const [before, streamsBefore] = [
        await usedMemory(client),
        await streamBytes(client, stack.prefix),
      ];
      await acceptAndDrain(part!, all);
      const [after, streamsAfter] = [
        await usedMemory(client),
        await streamBytes(client, stack.prefix),
      ];
      expect(await failedJobs(part!.queues)).toBe(0);
      return Math.round((after - before - (streamsAfter - streamsBefore)) / count);
    };
    const single = await measure('planet', 1_000, 1);
    const twenty = await measure('coinw', 500, 20);
    const streams = await streamBytes(client, stack.prefix);
    console.info(
      `retained cancellation: ${single} B (planet, 1 id), ${twenty} B (coinw, 20 ids); event streams ${(streams / MB).toFixed(1)} MB`,
    );
    // docs/guarantees.md's figures (~1.2 KB, ~6.1 KB), with room for allocator drift; twenty
    // targets kept as JSON objects cost 10.6 KB.
    expect(single).toBeLessThan(2_500);
    expect(twenty).toBeLessThan(10_000);
    expect(single).toBeLessThan(PER_RETAINED);
  }, 60_000);
});
