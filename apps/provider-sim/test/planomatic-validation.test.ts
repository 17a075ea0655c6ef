import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelableOrders,
  cancelBody,
  startPlanomaticSim,
  TOKEN,
  validationError,
  type PlanomaticTestSim,
} from './planomatic-helpers.ts';

let t: PlanomaticTestSim;
let id: string;
beforeEach(async () => {
  t = await startPlanomaticSim();
  [id] = (await cancelableOrders(t, 1)) as [string];
});
afterEach(() => t.stop());

/** Sends `body`, expects a 400 validation-error with exactly `errors`, and no effect. */
async function rejects(body: unknown, errors: { attr: string; message: string }[]) {
  const res = await t.cancel(body);
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual(validationError(errors));
  expect((await t.sim.getOrder(id))?.status).toBe('new_request');
}

const withoutToken = (ref: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const { api_token: _token, ...rest } = cancelBody(ref, extra);
  return rest;
};

describe('token', () => {
  it('api_token (default): missing, empty, wrong, wrong type, or sent as api_key', async () => {
    expect(await t.sim.tokenField()).toBe('api_token');
    await rejects(withoutToken({ order_id: id }), [{ attr: 'api_token', message: 'missing' }]);
    for (const bad of ['', null]) {
      await rejects(cancelBody({ order_id: id }, { api_token: bad }), [
        { attr: 'api_token', message: 'missing' },
      ]);
    }
    for (const bad of ['nope', 42, ['x']]) {
      await rejects(cancelBody({ order_id: id }, { api_token: bad }), [
        { attr: 'api_token', message: 'unauthorized' },
      ]);
    }
    await rejects(withoutToken({ order_id: id }, { api_key: TOKEN }), [
      { attr: 'api_token', message: 'missing' },
    ]);
  });

  it('api_key: only api_key is read', async () => {
    expect(await t.sim.setTokenField('api_key')).toBe('api_key');
    await rejects(cancelBody({ order_id: id }), [{ attr: 'api_key', message: 'missing' }]);
    await rejects(withoutToken({ order_id: id }, { api_key: 'nope' }), [
      { attr: 'api_key', message: 'unauthorized' },
    ]);
    expect((await t.cancel(withoutToken({ order_id: id }, { api_key: TOKEN }))).status).toBe(201);
  });

  it('either: api_token or api_key, api_token tried first', async () => {
    await t.sim.setTokenField('either');
    await rejects(withoutToken({ order_id: id }), [{ attr: 'api_token', message: 'missing' }]);
    await rejects(withoutToken({ order_id: id }, { api_key: 'nope' }), [
      { attr: 'api_key', message: 'unauthorized' },
    ]);
    await rejects(cancelBody({ order_id: id }, { api_token: 'nope', api_key: TOKEN }), [
      { attr: 'api_token', message: 'unauthorized' },
    ]);
    const [a, b] = await cancelableOrders(t, 2);
    expect((await t.cancel(withoutToken({ order_id: a }, { api_key: TOKEN }))).status).toBe(201);
    expect((await t.cancel(cancelBody({ order_id: b }))).status).toBe(201);
  });

  it('is checked alone and first: a bad token reveals nothing about the other fields', async () => {
    await rejects({ api_token: 'nope', order_id: '999', notes: '' }, [
      { attr: 'api_token', message: 'unauthorized' },
    ]);
    await rejects({}, [{ attr: 'api_token', message: 'missing' }]);
  });

  it('is taken from the options at start, and the field from tokenField', async () => {
    const other = await startPlanomaticSim({
      planomatic: { apiToken: 'other', tokenField: 'api_key' },
    });
    try {
      const [order] = await cancelableOrders(other, 1);
      const body = { api_key: 'other', order_id: order, cancelation_reason: 'duplicate_order' };
      expect((await other.cancel({ ...body, notes: 'x' })).status).toBe(201);
      expect(await other.sim.tokenField()).toBe('api_key');
    } finally {
      await other.stop();
    }
  });
});

describe('order identifiers', () => {
  it('neither order_id nor request_id is order_id missing', async () => {
    await rejects(cancelBody({}), [{ attr: 'order_id', message: 'missing' }]);
    await rejects(cancelBody({ order_id: null, request_id: null }), [
      { attr: 'order_id', message: 'missing' },
    ]);
  });

  it('an unknown id is unrecognized under the attr that was used', async () => {
    await rejects(cancelBody({ order_id: '1' }), [{ attr: 'order_id', message: 'unrecognized' }]);
    await rejects(cancelBody({ order_id: 1 }), [{ attr: 'order_id', message: 'unrecognized' }]);
    await rejects(cancelBody({ order_id: `${id}x` }), [
      { attr: 'order_id', message: 'unrecognized' },
    ]);
    await rejects(cancelBody({ request_id: 'req-none' }), [
      { attr: 'request_id', message: 'unrecognized' },
    ]);
    await rejects(cancelBody({ order_id: id, request_id: 'req-none' }), [
      { attr: 'request_id', message: 'unrecognized' },
    ]);
  });

  it('empty and wrongly typed ids', async () => {
    await rejects(cancelBody({ order_id: '' }), [{ attr: 'order_id', message: 'empty' }]);
    await rejects(cancelBody({ order_id: true }), [{ attr: 'order_id', message: 'unrecognized' }]);
    await rejects(cancelBody({ request_id: '' }), [{ attr: 'request_id', message: 'empty' }]);
    await rejects(cancelBody({ request_id: 7 }), [{ attr: 'request_id', message: 'unrecognized' }]);
  });
});

describe('cancelation_reason and notes', () => {
  it('reason missing, empty or unknown', async () => {
    const ref = { order_id: id };
    await rejects(cancelBody(ref, { cancelation_reason: undefined }), [
      { attr: 'cancelation_reason', message: 'missing' },
    ]);
    await rejects(cancelBody(ref, { cancelation_reason: '' }), [
      { attr: 'cancelation_reason', message: 'empty' },
    ]);
    for (const bad of ['changed_mind', 'DUPLICATE_ORDER', 1]) {
      await rejects(cancelBody(ref, { cancelation_reason: bad }), [
        { attr: 'cancelation_reason', message: 'unrecognized' },
      ]);
    }
  });

  it('notes missing, empty, not a string, or over 255 characters', async () => {
    const ref = { order_id: id };
    await rejects(cancelBody(ref, { notes: undefined }), [{ attr: 'notes', message: 'missing' }]);
    await rejects(cancelBody(ref, { notes: '' }), [{ attr: 'notes', message: 'empty' }]);
    await rejects(cancelBody(ref, { notes: 5 }), [{ attr: 'notes', message: 'unrecognized' }]);
    await rejects(cancelBody(ref, { notes: 'x'.repeat(256) }), [
      { attr: 'notes', message: 'too_long' },
    ]);
    await rejects(cancelBody(ref, { notes: '😀'.repeat(256) }), [
      { attr: 'notes', message: 'too_long' },
    ]);
  });

  it('accepts 1 and 255 characters, counted in code points (255 emoji are 510 UTF-16 units)', async () => {
    const [a, b, c] = await cancelableOrders(t, 3);
    for (const [order, notes] of [
      [a, 'x'],
      [b, 'x'.repeat(255)],
      [c, '😀'.repeat(255)],
    ] as const) {
      const res = await t.cancel(cancelBody({ order_id: order }, { notes }));
      expect(res.status).toBe(201);
      expect((await t.sim.getOrder(order!))?.notes).toBe(notes);
    }
  });
});

describe('the whole body', () => {
  it('reports every field error in one answer, in field order', async () => {
    await rejects({ api_token: TOKEN, order_id: '1', cancelation_reason: 'x' }, [
      { attr: 'order_id', message: 'unrecognized' },
      { attr: 'cancelation_reason', message: 'unrecognized' },
      { attr: 'notes', message: 'missing' },
    ]);
    await rejects({ api_token: TOKEN, notes: 'y'.repeat(300) }, [
      { attr: 'order_id', message: 'missing' },
      { attr: 'cancelation_reason', message: 'missing' },
      { attr: 'notes', message: 'too_long' },
    ]);
  });

  it('refuses a non-JSON content type with 400 validation-error', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', null]) {
      const body = JSON.stringify(cancelBody({ order_id: id }));
      const res = await t.cancel(body, { contentType });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 400, status: 'validation-error' });
    }
    const form = await t.cancel(`api_token=${TOKEN}&order_id=${id}`, {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(await form.json()).toEqual({
      ...validationError([{ attr: 'content_type', message: 'unrecognized' }]),
      message: 'Content-Type must be application/json',
    });
    expect((await t.sim.getOrder(id))?.status).toBe('new_request');
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    const res = await t.cancel(cancelBody({ order_id: id }), {
      contentType: 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  it('refuses invalid JSON and non-object bodies with 400 validation-error on the body', async () => {
    for (const body of ['{"api_token":', '[1,2]', '"text"']) {
      const res = await t.cancel(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        ...validationError([{ attr: 'body', message: 'unrecognized' }]),
        message: expect.any(String) as unknown,
      });
    }
    // body-parser reads an empty JSON body as {}: the token is what is missing first.
    const empty = await t.cancel('');
    expect(await empty.json()).toEqual(
      validationError([{ attr: 'api_token', message: 'missing' }]),
    );
  });
});
