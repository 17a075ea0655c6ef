/** Bull Board over HTTP for the board tests: its login, its queue list, and a call to a route. */
import { BOARD_PASSWORD, BOARD_USER, type TestApi } from './harness.ts';

export const basic = (credentials: string) =>
  `Basic ${Buffer.from(credentials).toString('base64')}`;
export const RIGHT = basic(`${BOARD_USER}:${BOARD_PASSWORD}`);

export interface BoardQueues {
  queues: { name: string; readOnlyMode: boolean; allowRetries: boolean }[];
}

export async function board(
  api: TestApi,
  path = '',
  init: RequestInit = {},
  authorization = RIGHT,
) {
  return api.fetch(`/admin/queues${path}`, {
    ...init,
    headers: { authorization, ...(init.headers as Record<string, string>) },
  });
}

/** Sends one board action (method, path and an optional JSON body) with the right login. */
export async function mutate(
  api: TestApi,
  action: { method: string; path: string; body?: unknown },
): Promise<Response> {
  return board(api, action.path, {
    method: action.method,
    ...(action.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(action.body) }),
  });
}
