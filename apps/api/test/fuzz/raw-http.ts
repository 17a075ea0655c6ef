import { connect } from 'node:net';

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket, for what fetch refuses to send
 * (control characters in a header value). Header values are written as latin1 bytes, as HTTP
 * carries them. The answer is read to the end of the connection and returned as a Response.
 */
export async function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Uint8Array = new Uint8Array(),
): Promise<Response> {
  const { hostname, port } = new URL(url);
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n` +
    Object.entries({ ...headers, 'content-length': String(body.length) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';
  const answer = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.write(Buffer.from(head, 'latin1'));
      socket.end(body);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  const split = answer.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP answer: ${JSON.stringify(answer.toString('latin1'))}`);
  const [statusLine = '', ...headerLines] = answer
    .subarray(0, split)
    .toString('latin1')
    .split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const answerHeaders = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) answerHeaders.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  // A chunked answer would need decoding; this API's error answers carry a Content-Length.
  return new Response(answer.subarray(split + 4), { status, headers: answerHeaders });
}
