import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorAnswer, type Answer } from './answers.ts';

/** How long a refused request may go on sending before its connection is closed. */
const DRAIN_MS = 5_000;

function answerFor(code: string | undefined): Answer {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return errorAnswer(431, 'payload_too_large', 'the request headers are over 16 KiB');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return errorAnswer(413, 'payload_too_large', 'the chunk extensions are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errorAnswer(408, 'validation_error', 'the request did not arrive in time', []);
    default:
      return errorAnswer(400, 'validation_error', 'the request is not well-formed HTTP', []);
  }
}

/**
 * Requests Node's HTTP parser refuses (a header over 16 KiB, a control character in a header
 * value, a broken request line) never reach Express: Node answers them itself with an empty
 * body. This answers them with the contract's error body instead, as Node would otherwise do:
 * only while nothing has been written on the socket, then closing it.
 */
export function answerClientErrors(server: Server): void {
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, duplex) => {
    const socket = duplex as Socket;
    // The parser reports its error again for each later chunk; the first answer stands.
    if (answered.has(socket)) return;
    if (error.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const { status, body } = answerFor(error.code);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
    // A socket closed with unread input is reset, and the reset can reach the client before
    // the answer does (a 64 KiB header is still arriving when the first 16 KiB are refused).
    // So what the client still sends is read and dropped, for a bounded time.
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
