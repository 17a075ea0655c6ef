import type { Cancellation } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { API_TOKEN } from './credentials.ts';

type Accepted = { id: string; total: number | null };

/** The stack's API as a test calls it, with the stack's token; any other status throws. */
export function apiClient(apiUrl: string) {
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
  const get = async (id: string): Promise<Cancellation> => {
    const res = await fetch(`${apiUrl}/v1/cancellations/${id}`, { headers });
    if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Cancellation;
  };
  return {
    async cancel(body: unknown): Promise<Accepted> {
      const res = await fetch(`${apiUrl}/v1/cancellations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as Accepted;
    },
    async cancelBatch(bodies: unknown[]): Promise<Accepted[]> {
      const res = await fetch(`${apiUrl}/v1/cancellations/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ cancellations: bodies }),
      });
      if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      const answer = (await res.json()) as { cancellations: Accepted[] };
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
