import { providerSecrets, type Secrets } from '@cancelq/test-utils';

export const API_TOKEN = 'test-api-token-3f1c-8e2a9b41';
export const BOARD_PASSWORD = 'board-pass-6d0f3c9e81a27b54';
export const BOARD_USER = 'board';
export const SIM_KEY = 'sim-planet-key';
/** Every provider credential the stack configures: tests scan Redis and logs for them. */
export const CREDENTIALS = {
  PLANET_API_KEY: SIM_KEY,
  PLANOMATIC_API_TOKEN: 'stack-planomatic-token-7b1e',
  COINW_API_KEY: 'stack-coinw-key-42aa',
  COINW_SECRET_KEY: 'stack-coinw-secret-9d0c',
  HYPERTRACK_ACCOUNT_ID: 'stack-account-5e3f',
  HYPERTRACK_SECRET_KEY: 'stack-hypertrack-secret-c4b8',
} as const;

/**
 * The API token, Bull Board's password, and the provider credentials of the stack's environment
 * and of each worker's overrides (each may bring credentials of its own).
 */
export function configuredSecrets(
  env: Record<string, string>,
  configured: readonly Record<string, string>[],
): Secrets[] {
  return [
    { values: [API_TOKEN, BOARD_PASSWORD], basicAuth: [[BOARD_USER, BOARD_PASSWORD]] },
    ...configured.map((vars) => providerSecrets({ ...env, ...vars })),
  ];
}
