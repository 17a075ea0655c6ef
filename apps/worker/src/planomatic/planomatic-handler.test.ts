import { describe, expect, it } from 'vitest';
import type { CancellationRequest, PlanomaticCancelJob } from '@cancelq/contracts';
import type { PlanomaticCancel, PlanomaticClient } from '@cancelq/providers';
import { planomaticHandler } from './planomatic-handler.ts';

/** A client that records what it was asked to send, and cancels. */
function recordingClient() {
  const sent: PlanomaticCancel[] = [];
  const client = {
    cancel: (cancel: PlanomaticCancel) => {
      sent.push(cancel);
      return Promise.resolve({ outcome: 'cancelled', detail: null });
    },
  } as unknown as PlanomaticClient;
  return { client, sent };
}

const stepJob = (request: CancellationRequest | null) => ({
  updateData: () => Promise.resolve(),
  request: () => Promise.resolve(request),
});

const accepted: CancellationRequest = {
  provider: 'planomatic',
  order_id: '654321',
  cancelation_reason: 'client_requested_cancelation',
  notes: 'The client asked by phone.',
};
const job: PlanomaticCancelJob = {
  kind: 'planomatic.cancel',
  cancellationId: 'c1',
  orderId: '654321',
};

describe('planomaticHandler', () => {
  it('sends the reason and notes of the request its record keeps', async () => {
    const { client, sent } = recordingClient();
    const step = await planomaticHandler(client)(job, {}, stepJob(accepted));
    expect(sent).toEqual([
      {
        orderId: '654321',
        requestId: undefined,
        reason: 'client_requested_cancelation',
        notes: 'The client asked by phone.',
      },
    ]);
    expect(step.updates).toMatchObject([{ id: '654321', outcome: 'cancelled' }]);
  });

  it('sends those a job written before 2026-12-07 carries, without reading the record', async () => {
    const { client, sent } = recordingClient();
    const older = { ...job, reason: 'duplicate_order' as const, notes: 'Sent twice.' };
    await planomaticHandler(client)(older, {}, stepJob(null));
    expect(sent).toMatchObject([{ reason: 'duplicate_order', notes: 'Sent twice.' }]);
  });

  it('sends nothing once the record is gone, and says why', async () => {
    const { client, sent } = recordingClient();
    await expect(planomaticHandler(client)(job, {}, stepJob(null))).rejects.toThrow(
      /request is gone/,
    );
    expect(sent).toEqual([]);
  });
});
