/** An API for the validation tests, with their checks bound to it: rejected, accepted, accept. */
import { expect } from 'vitest';
import type { ProviderId } from '@cancelq/contracts';
import { expectNoNewWork, issuePaths, workInRedis, type Accepted } from './harness.ts';
import { useApi } from './use-api.ts';

/** Starts an API for the calling file (see useApi) and returns it with the checks made on it. */
export function useValidationApi(label: string) {
  const api = useApi({ label });

  /** A 400 validation_error naming `path`, with nothing written to Redis. */
  async function expectRejected(body: unknown, path: string): Promise<void> {
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(await api.post('/v1/cancellations', body)),
    );
    expect(paths).toContain(path);
  }

  /**
   * Valid: 202 with the contract body, one outcome record, and one job per provider call in the
   * provider's queue (CoinW: one per 20 distinct ids; PlanOmatic and HyperTrack: one).
   */
  async function expectAccepted(body: unknown): Promise<void> {
    const provider = (body as { provider: ProviderId }).provider;
    const ids = (body as { source_ids?: string[] }).source_ids;
    const total = ids ? new Set(ids).size : 1;
    const before = await workInRedis(api);
    const res = await api.post('/v1/cancellations', body);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ provider, state: 'queued', total });
    const after = await workInRedis(api);
    expect(after.jobs[provider] - before.jobs[provider]).toBe(Math.ceil(total / 20));
    expect(after.records - before.records).toBeGreaterThanOrEqual(1);
  }

  async function accept(body: unknown): Promise<Accepted> {
    const res = await api.post('/v1/cancellations', body);
    expect(res.status).toBe(202);
    return (await res.json()) as Accepted;
  }

  return { api, expectRejected, expectAccepted, accept };
}
