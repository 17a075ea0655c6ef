import http from 'node:http';
import https from 'node:https';
import { publicOnlyLookup } from './public-lookup.ts';

export interface PostOptions {
  timeoutMs: number;
  /** Loopback, private and link-local addresses allowed (CANCELQ_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
}

/**
 * POSTs a webhook and answers the receiver's status. node:http rather than our provider client:
 * no redirect is ever followed (http.request follows none), the receiver's body is never read
 * (only its status counts, so no answer size matters), one deadline covers connecting and
 * answering, and the address is checked as the connection is made.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<number> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
