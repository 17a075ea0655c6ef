import type { z } from 'zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as contracts from '@cancelq/contracts';
import * as client from '../src/index.ts';

/**
 * The client keeps its own copy of the contract's vocabulary and shapes (so the built package
 * needs no workspace package at run time). This is where a drift between the two fails: at
 * run time for the lists, at type-check time (`pnpm typecheck`) for the types.
 */
describe('the client agrees with @cancelq/contracts', () => {
  it('on the closed vocabularies', () => {
    expect(client.PROVIDERS).toEqual(contracts.PROVIDERS);
    expect(client.CANCELLATION_STATES).toEqual(contracts.CANCELLATION_STATES);
    expect(client.TARGET_OUTCOMES).toEqual(contracts.TARGET_OUTCOMES);
    expect(client.DEFAULT_ACCOUNT).toBe(contracts.DEFAULT_ACCOUNT);
    expectTypeOf<client.ApiErrorCode>().toEqualTypeOf<contracts.ErrorCode>();
  });

  it('reads everything the contract says the API sends', () => {
    expectTypeOf<contracts.Cancellation>().toExtend<client.Cancellation>();
    expectTypeOf<contracts.CancellationSummary>().toExtend<client.CancellationSummary>();
    expectTypeOf<z.output<typeof contracts.acceptedSchema>>().toExtend<client.Accepted>();
    expectTypeOf<
      z.output<typeof contracts.cancellationListSchema>
    >().toExtend<client.CancellationPage>();
    expectTypeOf<contracts.Issue>().toExtend<client.Issue>();
  });

  it('can send every body the API accepts', () => {
    expectTypeOf<
      z.input<typeof contracts.planetOrderIdsRequest>
    >().toExtend<client.PlanetOrderIdsBody>();
    expectTypeOf<
      z.input<typeof contracts.planetAllQueuedRequest>
    >().toExtend<client.PlanetAllQueuedBody>();
    expectTypeOf<z.input<typeof contracts.planomaticRequest>>().toExtend<client.PlanomaticBody>();
    expectTypeOf<z.input<typeof contracts.coinwRequest>>().toExtend<client.CoinwBody>();
    expectTypeOf<z.input<typeof contracts.hypertrackRequest>>().toExtend<client.HypertrackBody>();
  });
});
