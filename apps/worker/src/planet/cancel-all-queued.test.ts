import { describe, expect, it } from 'vitest';
import type { JobPayload, PlanetCancelAllQueuedJob } from '@cancelq/contracts';
import { ProviderError, type PlanetBulkResult, type PlanetClient } from '@cancelq/providers';
import { cancelAllQueuedPlanetOrders } from './cancel-all-queued.ts';
import { CLOCK_MARGIN_MS } from './lost-answer.ts';

/** A client whose bulk cancel answers `answer` (or throws it), and a job that records writes. */
function fakes(answer: PlanetBulkResult | ProviderError) {
  const events: string[] = [];
  const written: JobPayload[] = [];
  const client = {
    bulkCancel: () => {
      events.push('call');
      return answer instanceof ProviderError ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as PlanetClient;
  const stepJob = {
    updateData: (data: JobPayload) => {
      events.push('remember');
      written.push(data);
      return Promise.resolve();
    },
  };
  return { client, stepJob, events, written };
}

const job: PlanetCancelAllQueuedJob = { kind: 'planet.cancel_all_queued', cancellationId: 'c1' };
const sentAt = '2026-01-01T00:00:00.000Z';

describe('cancelAllQueuedPlanetOrders', () => {
  it('remembers when it first sent {} before sending it, then trusts the answer’s count', async () => {
    const { client, stepJob, events, written } = fakes({ succeeded: 7, failures: [] });
    const step = await cancelAllQueuedPlanetOrders(client, job, {}, stepJob);
    expect(events).toEqual(['remember', 'call']);
    expect(written).toEqual([{ ...job, firstSentAt: expect.any(String) as string }]);
    expect(step.extras).toEqual({ openDelta: -1, anonymousCancelled: 7, totalKnown: true });
    expect(step.followUps).toEqual([]);
  });

  it('after an attempt that did not finish, lists instead of counting, and leaves it open', async () => {
    const { client, stepJob, events } = fakes({ succeeded: 2, failures: [] });
    const before = Date.now();
    const step = await cancelAllQueuedPlanetOrders(
      client,
      { ...job, firstSentAt: sentAt },
      {},
      stepJob,
    );
    expect(events).toEqual(['call']);
    expect(step.extras).toBeUndefined();
    const [list] = step.followUps ?? [];
    expect(list?.data).toMatchObject({
      kind: 'planet.list_cancelled',
      cancellationId: 'c1',
      page: 1,
    });
    const data = list?.data as { since: string; until: string };
    expect(Date.parse(data.since)).toBe(Date.parse(sentAt) - CLOCK_MARGIN_MS);
    expect(Date.parse(data.until)).toBeGreaterThanOrEqual(before + CLOCK_MARGIN_MS);
  });

  it('says the count is unknown when a call fails in a way that may have acted', async () => {
    const timeout = new ProviderError('later', 'timed out after 500 ms');
    const { client, stepJob } = fakes(timeout);
    const error = (await cancelAllQueuedPlanetOrders(client, job, {}, stepJob).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error.retry).toBe('later');
    expect(error.message).toMatch(/^cancelled count unknown .*: timed out after 500 ms$/);
  });

  it('leaves a first call’s refusal as it is: Planet did nothing', async () => {
    const refusal = new ProviderError('never', 'HTTP 401', { status: 401 });
    const { client, stepJob } = fakes(refusal);
    expect(
      await cancelAllQueuedPlanetOrders(client, job, {}, stepJob).catch((e: unknown) => e),
    ).toBe(refusal);
  });

  it('after a lost answer, even a refusal leaves the count unknown', async () => {
    const refusal = new ProviderError('never', 'HTTP 401', { status: 401 });
    const { client, stepJob } = fakes(refusal);
    const error = (await cancelAllQueuedPlanetOrders(
      client,
      { ...job, firstSentAt: sentAt },
      {},
      stepJob,
    ).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ retry: 'never', status: 401 });
    expect(error.message).toMatch(/^cancelled count unknown/);
  });
});
