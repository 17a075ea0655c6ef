import http from 'node:http';
import { monotonicMs } from './clock.ts';

export interface HttpAnswer {
  status: number;
  body: string;
  /** `monotonicMs()` when the answer's status line and headers arrived. */
  at: number;
}

export interface HttpClient {
  request(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  /** Like `request`, but throws unless the status is `expected`. */
  expect(expected: number, method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  close(): void;
}

/**
 * A keep-alive client on node:http rather than fetch: it costs the benchmark process less per
 * request, which matters when that process is the load generator on a 2-core machine.
 */
export function httpClient(
  baseUrl: string,
  { headers = {}, maxSockets = 64 }: { headers?: Record<string, string>; maxSockets?: number } = {},
): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const base = new URL(baseUrl);
  const request = (method: string, path: string, body?: unknown) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path: `${base.pathname.replace(/\/$/, '')}${path}`,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
        },
        (res) => {
          const at = monotonicMs();
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), at }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    request,
    async expect(expected, method, path, body) {
      const answer = await request(method, path, body);
      if (answer.status !== expected)
        throw new Error(
          `${method} ${path} answered ${answer.status}, not ${expected}: ${answer.body.slice(0, 500)}`,
        );
      return answer;
    },
    close: () => agent.destroy(),
  };
}
