import { request } from 'undici';
import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { API_TOKEN } from './credentials.ts';

type Accepted = { id: string; total: number | null };

/**
 * The stack's API as a test calls it, with the stack's token; any other status throws. On
 * undici's `request` rather than fetch: a test that sends hundreds of requests at once is the
 * load on a 2-core machine, and fetch costs this process several times as much per request.
 */
export function apiClient(apiUrl: string) {
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    expected: number,
    body?: unknown,
  ): Promise<T> => {
    const res = await request(`${apiUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.statusCode !== expected)
      throw new Error(`${method} ${path} answered ${res.statusCode}: ${await res.body.text()}`);
    return (await res.body.json()) as T;
  };
  const get = (id: string) => call<Cancellation>('GET', `/v1/cancellations/${id}`, 200);
  return {
    cancel: (body: unknown) => call<Accepted>('POST', '/v1/cancellations', 202, body),
    async cancelBatch(bodies: unknown[]): Promise<Accepted[]> {
      const answer = await call<{ cancellations: Accepted[] }>(
        'POST',
        '/v1/cancellations/batch',
        202,
        { cancellations: bodies },
      );
      return answer.cancellations;
    },
    get,
    async completed(id: string, timeoutMs = 30_000): Promise<Cancellation> {
      return waitFor(
        async () => {
          const cancellation = await get(id);
          return cancellation.state === 'completed' ? cancellation : null;
        },
        { timeoutMs, what: `cancellation ${id} to complete` },
      );
    },
  };
}
