import { STATUS_CODES } from 'node:http';
import type { FaultBody, FaultSpec } from './faults.ts';
import type { Outcome } from './outcome.ts';

/**
 * The answer to a status fault with `body: "text"` or `"html"`: what a load balancer, WAF or
 * reverse proxy in front of the provider sends, not the provider itself — so the same for every
 * provider, in no provider's JSON shape, under the fault's HTTP status. A 429 still carries
 * Retry-After when `retry_after_s` is given: gateways that rate-limit do send it.
 */
export function gatewayAnswer(fault: FaultSpec & { body: FaultBody }): Outcome {
  const status = Number(fault.kind);
  const reason = STATUS_CODES[status] ?? 'Error';
  const headers: Record<string, string> = {};
  if (fault.kind === '429' && fault.retry_after_s !== undefined) {
    headers['Retry-After'] = String(fault.retry_after_s);
  }
  const raw =
    fault.body === 'text'
      ? { contentType: 'text/plain; charset=utf-8', text: `${reason}\n` }
      : { contentType: 'text/html; charset=utf-8', text: errorPage(status, reason) };
  return { status, body: null, headers, raw };
}

/** nginx's default error page, the one most often seen in front of an API. */
function errorPage(status: number, reason: string): string {
  const title = `${status} ${reason}`;
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}
