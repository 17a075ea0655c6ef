import { describe, expect, it } from 'vitest';
import type { SimCalls, SimFault, SimFaultKind } from '@cancelq/provider-sim/control';

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

/** A request the provider refuses for good, in its own words (a validation 400/422, …). */
export interface PermanentRefusal {
  /** What is wrong with the request, for the failure message. */
  what: string;
  /**
   * One cancel call through the adapter that meets the refusal (setting the simulator up for
   * it first, and back afterwards, if it must).
   */
  cancel(): Promise<ContractVerdict>;
}

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
  /**
   * The same cancel carried to a final outcome as the worker would: the call, then any
   * follow-up job it asks for (Planet's reconciling GET after a 409). What a retry ends in.
   */
  cancelToTheEnd(id: string): Promise<ContractVerdict>;
  /** At least one request of the provider's own that it refuses for good. */
  permanentRefusals: PermanentRefusal[];
  /**
   * Creates an order the provider refuses to cancel for its state (Planet running, PlanOmatic
   * scheduled, HyperTrack completed). Absent where no answer says so: the case is skipped.
   */
  notCancellableOrder?: () => Promise<string>;
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

    // A gateway in front of the provider answers in plain text or HTML, not the provider's
    // JSON: its status must still decide, and a 429's Retry-After still count.
    it('a plain-text 429 with Retry-After → throttled for that long', async () => {
      const { id, verdict } = await cancelOnce({ kind: '429', body: 'text', retry_after_s: 2 });
      expect(verdict).toMatchObject({ retry: 'throttled', retryAfterMs: 2_000 });
      expect(await s().isCancelled(id)).toBe(false);
    });

    it.each([
      ['401', 'text', 'never'],
      ['403', 'html', 'never'],
      ['502', 'html', 'later'],
      ['503', 'text', 'later'],
    ] as const)('a %s with a %s body → %s', async (kind, body, retry) => {
      const { id, verdict } = await cancelOnce({ kind, body });
      expect(verdict).toMatchObject({ retry });
      expect('message' in verdict ? verdict.message : '').not.toMatch(/malformed/);
      expect(await s().isCancelled(id)).toBe(false);
    });

    // The answer is lost after the provider cancelled: the call must be retried, and the retry
    // must read the provider's "already done" as cancelled — not refused, not failed.
    it.each(AFTER_EFFECT_KINDS)(
      'a %s after the provider acted → retried later, and the retry ends cancelled',
      async (kind) => {
        const { id, verdict } = await cancelOnce({ kind, after_effect: true });
        expect(verdict).toMatchObject({ retry: 'later' });
        expect(await s().isCancelled(id)).toBe(true);
        expect(await s().cancelToTheEnd(id)).toMatchObject({ outcome: 'cancelled' });
      },
    );

    it('a permanent refusal of its own → one call, a final verdict, never retried', async () => {
      const refusals = s().permanentRefusals;
      expect(refusals.length, 'the subject names at least one').toBeGreaterThan(0);
      for (const refusal of refusals) {
        const before = (await s().sim.calls()).count;
        const verdict = await refusal.cancel();
        expect((await s().sim.calls()).count - before, `${refusal.what}: calls`).toBe(1);
        expect(isFinalRefusal(verdict), `${refusal.what}: ${JSON.stringify(verdict)}`).toBe(true);
      }
    });

    it('an order the provider refuses for its state → not_cancellable', async (context) => {
      const make = s().notCancellableOrder;
      if (make === undefined) return context.skip();
      const id = await make();
      expect(await s().cancelToTheEnd(id)).toMatchObject({ outcome: 'not_cancellable' });
      expect(await s().isCancelled(id)).toBe(false);
    });
  });
}

/** The faults that strike after the provider acted (the simulator's `after_effect`). */
const AFTER_EFFECT_KINDS: SimFaultKind[] = ['500', '502', '503', 'hang', 'reset', 'malformed'];

/** Refused for good: a `never`, or a target settled as failed — nothing left to retry. */
function isFinalRefusal(verdict: ContractVerdict): boolean {
  return 'retry' in verdict ? verdict.retry === 'never' : verdict.outcome === 'failed';
}
