import { describe, expect, it } from 'vitest';
import type { SimCalls, SimFault } from './sim-types.ts';

/**
 * What one provider call through an adapter meant, in the worker's vocabulary: either a verdict
 * on the order, or a whole-call failure with its retry decision. Every adapter must map the same
 * provider behaviour to the same verdict; this is what the battery compares.
 */
export type ContractVerdict =
  | {
      outcome: 'cancelled' | 'not_cancellable' | 'not_found' | 'failed' | 'pending';
      detail: string | null;
    }
  | { retry: 'never' | 'later' | 'throttled'; retryAfterMs: number | null; message: string };

/** One provider, its adapter and its simulator, as the battery drives them. */
export interface ContractSubject {
  /** The request timeout the subject's adapter was built with (the hang case waits past it). */
  requestTimeoutMs: number;
  sim: {
    addFaults(faults: SimFault[]): Promise<void>;
    clearFaults(): Promise<void>;
    calls(): Promise<SimCalls>;
  };
  /** Creates an order the provider will cancel now; returns the id a cancellation names. */
  newOrder(): Promise<string>;
  /** The simulator's ground truth: is the order cancelled? */
  isCancelled(id: string): Promise<boolean>;
  /** An id the provider does not know (set the simulator up so it says so, where it can). */
  unknownOrder(): Promise<string>;
  /** One cancel call for `id` through the adapter, exactly as a worker job makes it. */
  cancel(id: string): Promise<ContractVerdict>;
  /** The same, with credentials the provider refuses. */
  cancelWithWrongCredentials(id: string): Promise<ContractVerdict>;
}

/**
 * The provider contract battery: the same behaviours, the same verdicts, for every adapter.
 * Each provider's test file runs it against its simulator and adds only its own cases.
 */
export function providerContractBattery(provider: string, subject: () => ContractSubject): void {
  const s = () => subject();

  /** Runs one cancel of a fresh order and checks the call reached the provider exactly once. */
  async function cancelOnce(fault?: SimFault) {
    const id = await s().newOrder();
    if (fault) await s().sim.addFaults([{ ...fault, count: 1 }]);
    const before = (await s().sim.calls()).count;
    try {
      const verdict = await s().cancel(id);
      const calls = (await s().sim.calls()).calls.slice(before);
      expect(calls, 'one provider call per cancel').toHaveLength(1);
      return { id, verdict, call: calls[0] };
    } finally {
      await s().sim.clearFaults();
    }
  }

  describe(`provider contract: ${provider}`, () => {
    it('a cancellable order → cancelled, and the provider agrees', async () => {
      const { id, verdict } = await cancelOnce();
      expect(verdict).toMatchObject({ outcome: 'cancelled' });
      expect(await s().isCancelled(id)).toBe(true);
    });

    it('an order the provider does not know → not_found', async () => {
      const id = await s().unknownOrder();
      expect(await s().cancel(id)).toMatchObject({ outcome: 'not_found' });
    });

    it('credentials the provider refuses → never retried, saying so', async () => {
      const id = await s().newOrder();
      const verdict = await s().cancelWithWrongCredentials(id);
      expect(verdict).toMatchObject({ retry: 'never' });
      expect(await s().isCancelled(id)).toBe(false);
    });

    it.each(['401', '403'] as const)('a %s answer → never retried', async (kind) => {
      const { id, verdict } = await cancelOnce({ kind });
      expect(verdict).toMatchObject({ retry: 'never' });
      expect(await s().isCancelled(id)).toBe(false);
    });

    it('a 429 without Retry-After → throttled, no wait named', async () => {
      const { id, verdict } = await cancelOnce({ kind: '429' });
      expect(verdict).toMatchObject({ retry: 'throttled', retryAfterMs: null });
      expect(await s().isCancelled(id)).toBe(false);
    });

    it('a 429 with Retry-After → throttled for that long', async () => {
      const { verdict } = await cancelOnce({ kind: '429', retry_after_s: 3 });
      expect(verdict).toMatchObject({ retry: 'throttled', retryAfterMs: 3_000 });
    });

    it.each(['500', '502', '503'] as const)('a %s → retried later', async (kind) => {
      const { id, verdict } = await cancelOnce({ kind });
      expect(verdict).toMatchObject({ retry: 'later' });
      expect(await s().isCancelled(id)).toBe(false);
    });

    it('a hang past the request timeout → retried later, as a timeout', async () => {
      const started = Date.now();
      const { verdict } = await cancelOnce({ kind: 'hang' });
      expect(verdict).toMatchObject({ retry: 'later', message: 'timed out' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(s().requestTimeoutMs);
    });

    it('a connection reset → retried later', async () => {
      const { verdict } = await cancelOnce({ kind: 'reset' });
      expect(verdict).toMatchObject({ retry: 'later' });
      expect('message' in verdict ? verdict.message : '').toMatch(/network error|socket hang up/i);
    });

    it('a malformed body → retried later', async () => {
      const { verdict } = await cancelOnce({ kind: 'malformed' });
      expect(verdict).toMatchObject({ retry: 'later' });
      expect('message' in verdict ? verdict.message : '').toMatch(/malformed/);
    });
  });
}
