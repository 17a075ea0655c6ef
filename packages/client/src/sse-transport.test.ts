import { describe, expect, it } from 'vitest';
import type { Cancellation } from './answers.ts';
import { CancelqError, CancelqUnexpectedAnswerError } from './errors.ts';
import { createSseTransport } from './sse-transport.ts';
import type { CancellationTransport, TransportContext } from './transport.ts';

/**
 * The transport's bookkeeping against a scripted fetch: which failures it rides out, how many,
 * what it resumes after. Its behaviour against the real API is in test/sse.test.ts.
 */
type Answer = Response | 'reset';

const stream = (text: string) =>
  new Response(text, { headers: { 'content-type': 'text/event-stream' } });
const event = (id: number, state: string, type = 'state') =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ id: 'c', state })}\n\n`;
const unavailable = () =>
  new Response(JSON.stringify({ error: 'unavailable' }), {
    status: 503,
    headers: { 'content-type': 'application/json' },
  });

interface Run {
  states: string[];
  lastEventIds: (string | undefined)[];
  failures: [string, number][];
  error: unknown;
}

async function run(
  answers: Answer[],
  {
    retries = 0,
    maxConsecutiveFailures = 0,
    fallback = undefined as CancellationTransport | undefined,
  } = {},
): Promise<Run> {
  const result: Run = { states: [], lastEventIds: [], failures: [], error: undefined };
  const context: TransportContext = {
    get: () => Promise.reject(new Error('no polling here')),
    fetch: (_path, init) => {
      result.lastEventIds.push(init.headers?.['last-event-id']);
      const answer = answers.shift();
      if (answer === undefined) return Promise.reject(new Error('more requests than scripted'));
      if (answer === 'reset') return Promise.reject(new TypeError('fetch failed'));
      return Promise.resolve(answer);
    },
    read: (document) => document as Cancellation,
    baseUrl: 'http://api',
    intervalMs: 1,
    timeoutMs: 1_000,
    retries,
    backoffMs: () => 0,
    maxConsecutiveFailures,
    onTransientFailure: (error, inARow) => result.failures.push([error.code, inARow]),
    signal: new AbortController().signal,
  };
  try {
    for await (const record of createSseTransport({ fallback })('c', context)) {
      result.states.push(record.state);
    }
  } catch (error) {
    result.error = error;
  }
  return result;
}

describe('sseTransport', () => {
  it('stops after the completed record', async () => {
    const result = await run([stream(event(0, 'queued') + event(1, 'completed'))]);
    expect(result).toMatchObject({ states: ['queued', 'completed'], error: undefined });
  });

  it('before the first record, retries `retries` times, then throws the failure', async () => {
    const ok = await run([unavailable(), 'reset', stream(event(0, 'completed'))], { retries: 2 });
    expect(ok).toMatchObject({ states: ['completed'], error: undefined, failures: [] });
    const failed = await run([unavailable(), unavailable()], { retries: 1 });
    expect(failed.error).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('a stream that ends early is resumed after its last event; failures in a row counted', async () => {
    const result = await run(
      [stream(event(3, 'queued')), unavailable(), stream(''), stream(event(5, 'completed'))],
      { maxConsecutiveFailures: 3 },
    );
    expect(result.states).toEqual(['queued', 'completed']);
    expect(result.lastEventIds).toEqual([undefined, '3', '3', '3']);
    expect(result.failures).toEqual([
      ['network', 1],
      ['unavailable', 2],
      ['network', 3],
    ]);
  });

  it('one failure in a row more than maxConsecutiveFailures ends it', async () => {
    const result = await run([stream(event(3, 'queued')), 'reset', 'reset'], {
      maxConsecutiveFailures: 1,
    });
    expect(result.error).toBeInstanceOf(CancelqError);
    expect(result.failures).toEqual([['network', 1]]);
  });

  it('a connection that delivers anything, a keepalive even, ends a row of failures', async () => {
    const result = await run(
      [stream(event(3, 'queued')), stream(': keepalive\n\n'), stream(event(4, 'completed'))],
      { maxConsecutiveFailures: 1 },
    );
    expect(result.failures).toEqual([
      ['network', 1],
      ['network', 1],
    ]);
    expect(result.states).toEqual(['queued', 'completed']);
  });

  it('skips events of another type, but resumes after them', async () => {
    const result = await run(
      [stream(event(1, 'queued') + event(2, 'x', 'newer')), stream(event(3, 'completed'))],
      { maxConsecutiveFailures: 1 },
    );
    expect(result.states).toEqual(['queued', 'completed']);
    expect(result.lastEventIds).toEqual([undefined, '2']);
  });

  it('an event whose data is not JSON is an unexpected answer, not retried', async () => {
    const result = await run([stream('event: state\ndata: {oops\n\n')], { retries: 3 });
    expect(result.error).toBeInstanceOf(CancelqUnexpectedAnswerError);
  });

  it.each([
    ['404', new Response('{"error":"not_found"}', { status: 404 })],
    ['405', new Response('', { status: 405 })],
    ['a 200 that is no event stream', Response.json({ id: 'c', state: 'queued' })],
  ])('hands over to the fallback on %s', async (_name, answer) => {
    const fallback: CancellationTransport = async function* () {
      await Promise.resolve();
      yield { state: 'completed' } as Cancellation;
    };
    const result = await run([answer], { fallback });
    expect(result).toMatchObject({ states: ['completed'], error: undefined });
  });
});
