import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from './env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Provider credentials: the workers' alone. */
const PROVIDER_SECRETS = [
  'PLANET_API_KEY',
  'PLANOMATIC_API_TOKEN',
  'COINW_API_KEY',
  'COINW_SECRET_KEY',
  'HYPERTRACK_ACCOUNT_ID',
  'HYPERTRACK_SECRET_KEY',
];
/** The API's own secrets: no worker needs them. */
const API_SECRETS = ['CANCELQ_API_TOKEN', 'CANCELQ_BOARD_USER', 'CANCELQ_BOARD_PASSWORD'];
/** Fine at their defaults in a container, so compose does not forward them. */
const NOT_FORWARDED = ['CANCELQ_API_HOST'];

interface Compose {
  services: Record<string, { environment?: Record<string, string> }>;
}

async function composeEnvironment(service: string): Promise<string[]> {
  const text = await readFile(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const compose = parse(text, { merge: true }) as Compose;
  return Object.keys(compose.services[service]?.environment ?? {});
}

/**
 * `docker compose` hands a service only the variables its file names: a setting in .env that
 * docker-compose.yml does not forward is silently ignored. So every variable cancelq reads must
 * reach the process that reads it.
 */
describe('docker-compose.yml', () => {
  it('forwards every setting to the API or the worker, and secrets only where they belong', async () => {
    const api = await composeEnvironment('api');
    const worker = await composeEnvironment('worker');
    const forwarded = new Set([...api, ...worker]);
    const missing = Object.keys(envSchema.shape).filter(
      (name) => !forwarded.has(name) && !NOT_FORWARDED.includes(name),
    );
    expect(missing).toEqual([]);
    expect(api.filter((name) => PROVIDER_SECRETS.includes(name))).toEqual([]);
    expect(worker.filter((name) => API_SECRETS.includes(name))).toEqual([]);
  });

  it('gives the API and the worker the same job and pacing settings', async () => {
    const api = new Set(await composeEnvironment('api'));
    const worker = new Set(await composeEnvironment('worker'));
    // The API plans jobs (attempts, backoff, retention) and the worker re-plans follow-ups with
    // the same settings; both must see the same values, or follow-ups would differ.
    for (const shared of [
      'CANCELQ_REDIS_PREFIX',
      'CANCELQ_MAX_ATTEMPTS',
      'CANCELQ_BACKOFF',
      'CANCELQ_RETENTION',
      'PLANET_RATE_LIMIT',
      'PLANOMATIC_RATE_LIMIT',
      'COINW_RATE_LIMIT',
      'HYPERTRACK_RATE_LIMIT',
      // A request names an account the API must know, and a worker must drain.
      'CANCELQ_ACCOUNTS_FILE',
      'PLANET_ACCOUNTS',
      'PLANOMATIC_ACCOUNTS',
      'COINW_ACCOUNTS',
      'HYPERTRACK_ACCOUNTS',
    ]) {
      expect(api.has(shared) && worker.has(shared), shared).toBe(true);
    }
  });
});
