import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 connection driven by hand, for what fetch cannot do: send a request's head and
 * its body at different times, pipeline requests, see each answer (1xx included) and when the
 * server closes the connection.
 */
export interface RawConnection {
  write(text: string): void;
  /** Every answer so far, in order. */
  responses: RawResponse[];
  /** The server closed the connection (or it broke). */
  closed(): boolean;
  destroy(): void;
}

/** Connects to 127.0.0.1:`port`; rejects with the socket's error (ECONNREFUSED, say). */
export function connectRaw(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const responses: RawResponse[] = [];
    let buffer = Buffer.alloc(0);
    let closed = false;
    socket.once('error', reject);
    socket.on('close', () => (closed = true));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine = '', ...lines] = buffer
          .subarray(0, end)
          .toString('latin1')
          .split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        const headers = Object.fromEntries(
          lines.map((line) => {
            const colon = line.indexOf(':');
            return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
          }),
        );
        const length = status < 200 ? 0 : Number(headers['content-length'] ?? 0);
        if (buffer.length < end + 4 + length) return;
        responses.push({
          status,
          headers,
          body: buffer.subarray(end + 4, end + 4 + length).toString('utf8'),
        });
        buffer = buffer.subarray(end + 4 + length);
      }
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      // A reset by the server shows as closed(); the test reads the answers it got.
      socket.on('error', () => undefined);
      resolve({
        write: (text) => socket.write(text),
        responses,
        closed: () => closed,
        destroy: () => socket.destroy(),
      });
    });
  });
}
