/** What the `cancelq cancel` tests share: an API per file, the CLI's env, what the API recorded. */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Cancellation, ProviderId } from '@cancelq/contracts';
import { API_TOKEN, startTestApi, type TestApi } from './test-api.ts';
import { cliEnv, runCli } from './run-cli.ts';

/** The calling file's API, and the CLI environment pointing at it (live bindings). */
export let api: TestApi;
export let env: Record<string, string>;

/** Starts the API (its keys under a prefix from `label`) before the calling file's tests. */
export function useCancelApi(label: string): void {
  beforeAll(async () => {
    api = await startTestApi(label);
    env = cliEnv(api.url, API_TOKEN);
  });
  afterAll(async () => api?.close());
}

export const ACCEPTED = /^accepted ([0-9a-f-]{36}) \(/;

export async function jobCount(provider: ProviderId): Promise<number> {
  const counts = await api.deps.queues[provider].getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export async function recordOf(id: string): Promise<Cancellation> {
  return (await api.get(`/v1/cancellations/${id}`)) as Cancellation;
}

/** Runs a cancel that must be accepted; returns the cancellation the API recorded. */
export async function acceptedBy(args: string[], stdin?: string): Promise<Cancellation> {
  const run = await runCli(['cancel', ...args], { env, stdin });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const id = ACCEPTED.exec(run.stdout)?.[1];
  expect(id, run.stdout).toBeDefined();
  expect(run.stdout).toContain(`cancelq status ${id} --watch`);
  return recordOf(id ?? '');
}
