/**
 * Answers shown in the reference page. The OpenAPI test validates each one against the schema
 * of the answer it stands beside, so they cannot drift from what the API sends.
 */

export const EXAMPLE_ID = '3f0c5c1e-8a59-4d8e-9a43-5b1f0b8f7d21';

const head = {
  id: EXAMPLE_ID,
  provider: 'coinw',
  account: 'desk-a',
  state: 'completed',
  created_at: '2026-11-23T10:00:00.000Z',
  updated_at: '2026-11-23T10:00:01.200Z',
  completed_at: '2026-11-23T10:00:01.200Z',
};

const summary = {
  total: 2,
  cancelled: 1,
  not_cancellable: 0,
  not_found: 0,
  failed: 1,
  pending: 0,
};

/** GET /v1/cancellations/{id}: the request with its ids, and every target. */
export const completedCancellation = {
  ...head,
  request: {
    provider: 'coinw',
    account: 'desk-a',
    source_ids: ['33308750270880236', '33308750270538609'],
  },
  summary,
  targets: [
    {
      id: '33308750270880236',
      outcome: 'cancelled',
      attempts: 1,
      detail: null,
      updated_at: '2026-11-23T10:00:00.300Z',
    },
    {
      id: '33308750270538609',
      outcome: 'failed',
      attempts: 1,
      detail: 'CoinW code 1: Invalid parameter',
      updated_at: '2026-11-23T10:00:01.200Z',
    },
  ],
};

/** GET /v1/cancellations: the same cancellation as a list entry, its ids only counted. */
export const listPage = {
  cancellations: [
    {
      ...head,
      request: { provider: 'coinw', account: 'desk-a', source_ids_count: 2 },
      summary,
    },
    {
      id: '9b2d7e4a-1c3f-4b6e-8d5a-2f7c9e1b3a64',
      provider: 'planomatic',
      account: 'default',
      state: 'queued',
      created_at: '2026-11-23T09:59:58.000Z',
      updated_at: '2026-11-23T09:59:58.000Z',
      completed_at: null,
      request: {
        provider: 'planomatic',
        order_id: '654321',
        cancelation_reason: 'duplicate_order',
        notes: 'We accidentally sent a duplicate order.',
      },
      summary: { ...summary, total: 1, cancelled: 0, failed: 0, pending: 1 },
    },
  ],
  // The last entry's index member: the next page starts after it.
  next_cursor: 'MDAxNzk1NDI3OTk4MDAwOjliMmQ3ZTRhLTFjM2YtNGI2ZS04ZDVhLTJmN2M5ZTFiM2E2NA',
};

/** POST /v1/cancellations: one request of each shape, and one for an account. */
export const requestExamples = {
  planet: { provider: 'planet', order_ids: ['6031093e-90b7-4a94-9eb6-f3e5ca976a78'] },
  planetAllQueued: { provider: 'planet', all_queued: true },
  planomatic: {
    provider: 'planomatic',
    order_id: '654321',
    cancelation_reason: 'duplicate_order',
    notes: 'We accidentally sent a duplicate order.',
  },
  coinw: { provider: 'coinw', source_ids: ['33308750270880236'], pos_type: 'plan' },
  coinwAccount: {
    provider: 'coinw',
    account: 'desk-a',
    source_ids: ['33308750270880236'],
  },
  hypertrack: {
    provider: 'hypertrack',
    order_handle: 'order-1',
    type: 'drop',
    type_index: 0,
    fulfillment_attempt: 0,
  },
};
