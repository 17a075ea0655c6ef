import { describe, expect, it } from 'vitest';
import { cancellationOfJobId, jobPayloadOf, storedJobData, type JobPayload } from './jobs.ts';

const CANCELLATION = '9a0cd41e-1e40-46f9-8039-28ea538163b1';

describe('cancellationOfJobId', () => {
  it.each([
    ['a cancellation’s first call', `${CANCELLATION}-1`, CANCELLATION],
    ['a retry of a shared call', `${CANCELLATION}-3-retry`, CANCELLATION],
    ['a Planet reconcile', `${CANCELLATION}-r-${'0'.repeat(8)}-aaaa`, CANCELLATION],
    ['a cancel-all', `${CANCELLATION}-all`, CANCELLATION],
    ['the id alone, with nothing after it', CANCELLATION, undefined],
    ['an id of another form', 'waiting-1', undefined],
    ['upper-case hex (not one we make)', `${CANCELLATION.toUpperCase()}-1`, undefined],
    ['no id', undefined, undefined],
  ])('%s → %s', (_name, jobId, expected) => {
    expect(cancellationOfJobId(jobId)).toBe(expected);
  });
});

describe('a payload as a job stores it', () => {
  const payload: JobPayload = {
    kind: 'hypertrack.cancel',
    cancellationId: CANCELLATION,
    orderHandle: 'order-7',
  };

  it('leaves out the cancellation its id names, and reads it back from the id', () => {
    const id = `${CANCELLATION}-1`;
    const data = storedJobData(payload, id);
    expect(data).toEqual({ kind: 'hypertrack.cancel', orderHandle: 'order-7' });
    expect(jobPayloadOf({ id, data })).toMatchObject({ success: true, data: payload });
  });

  it('keeps it where the id does not name it', () => {
    expect(storedJobData(payload, 'custom-1')).toEqual(payload);
    expect(storedJobData(payload, `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}-1`)).toEqual(
      payload,
    );
  });

  it('reads a job written before, which kept it in its data', () => {
    expect(jobPayloadOf({ id: `${CANCELLATION}-1`, data: payload })).toMatchObject({
      success: true,
      data: payload,
    });
    expect(jobPayloadOf({ id: 'custom-1', data: payload }).success).toBe(true);
  });

  it('refuses data that names no cancellation, in the id or in itself', () => {
    const { cancellationId: _dropped, ...data } = payload;
    expect(jobPayloadOf({ id: 'custom-1', data }).success).toBe(false);
    expect(jobPayloadOf({ id: `${CANCELLATION}-1`, data: null }).success).toBe(false);
  });
});
