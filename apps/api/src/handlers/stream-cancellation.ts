import type { Request, Response } from 'express';
import type { ApiDeps } from '../deps.ts';
import { errorAnswer, type Answer } from '../http/answers.ts';
import { CANCELLATION_ID } from './read-cancellations.ts';

/** How often a stream looks at the record itself: a published change can be lost to a reconnect. */
const LOOK_EVERY_MS = 5_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
const LAST_EVENT_ID = /^\d{1,15}$/;

/**
 * GET /v1/cancellations/{id}/events: Server-Sent Events. `event: state` with the whole record at
 * once, then one each time it changes, the record's version as the event id; the stream ends
 * after the record that is `completed`. With `Last-Event-ID` the stream resumes after that
 * version: the record is sent again only if it has changed since. Every event is the whole
 * record, so a client that missed some has lost nothing. Answers an Answer (404) before the
 * stream starts, null once it is streaming.
 */
export async function streamCancellation(
  deps: ApiDeps,
  req: Request,
  res: Response,
): Promise<Answer | null> {
  const id = String(req.params.id);
  const notFound = errorAnswer(404, 'not_found', 'no cancellation with this id');
  if (!CANCELLATION_ID.test(id)) return notFound;
  const lastEventId = req.header('last-event-id');
  let sent = lastEventId && LAST_EVENT_ID.test(lastEventId) ? Number(lastEventId) : -1;
  let busy = false;
  let again = false;
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    stop();
    clearInterval(look);
    clearInterval(keepalive);
    res.end();
  };
  // One look at a time, in order: a change while looking is looked at once it is done.
  const pump = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        // The record and its version in one read: never a record sent under another's id.
        const snapshot = await deps.store.getVersioned(id);
        if (!snapshot) return end();
        const { cancellation, version } = snapshot;
        if (version > sent && !ended) {
          res.write(`id: ${version}\nevent: state\ndata: ${JSON.stringify(cancellation)}\n\n`);
          sent = version;
        }
        if (cancellation.state === 'completed') return end();
      } while (again && !ended);
    } catch {
      // Redis is away: the next look tries again; the client keeps its stream.
    } finally {
      busy = false;
    }
  };

  // Redis away fails here, as a 503 (errors middleware), before any stream starts.
  if (!(await deps.store.getVersioned(id))) return notFound;
  // Listening before the first look (pump, below): no change can fall between the two.
  const stop = await deps.events.listen(id, () => void pump());
  // Gone while we subscribed: its 'close' has already been and gone.
  if (req.socket.destroyed) {
    stop();
    return null;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const look = setInterval(() => void pump(), LOOK_EVERY_MS);
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  req.on('close', end);
  await pump();
  return null;
}
