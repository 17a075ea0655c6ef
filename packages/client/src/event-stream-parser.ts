/** One dispatched Server-Sent Event. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the event named none. */
  type: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The stream's last event id when this event was dispatched ('' before any `id:`). */
  lastEventId: string;
}

export interface EventStreamParser {
  /** Decoded text, split anywhere; returns the events it completed, in order. */
  push(text: string): ServerSentEvent[];
  /** What a reconnect sends as `Last-Event-ID`: the id of the last event dispatched. */
  readonly lastEventId: string;
}

/**
 * The `text/event-stream` grammar as the WHATWG HTML standard interprets it ("Event stream
 * interpretation", §9.2.6), written out rather than taken from a package: it is some forty
 * lines, and it keeps the client at its one dependency. Lines end in CRLF, LF or CR; a line
 * beginning with `:` is a comment (the API's keepalives); a blank line dispatches the event;
 * `id` moves the last event id only when the event is dispatched, so an event cut off by a
 * dropped connection is neither delivered nor resumed after. `retry:` is ignored: reconnecting
 * waits the client's own backoff (retry.ts). A byte-order mark is the decoder's to strip
 * (TextDecoder does by default). `lastEventId`: the one a reconnect sent.
 */
export function createEventStreamParser(lastEventId = ''): EventStreamParser {
  let pending = '';
  /** A CR ended the last chunk: an LF opening the next one belongs to it. */
  let afterCr = false;
  let type = '';
  let data: string[] = [];
  // A stream opened with Last-Event-ID carries it on, as EventSource does across reconnects.
  let idBuffer = lastEventId;

  const dispatch = (events: ServerSentEvent[]) => {
    lastEventId = idBuffer;
    if (data.length > 0)
      events.push({ type: type || 'message', data: data.join('\n'), lastEventId });
    type = '';
    data = [];
  };

  const line = (text: string, events: ServerSentEvent[]) => {
    if (text === '') return dispatch(events);
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
    // Any other field (`retry` among them) is ignored, as the standard says.
  };

  return {
    push(text) {
      const events: ServerSentEvent[] = [];
      if (text === '') return events;
      const chunk = afterCr && text.startsWith('\n') ? text.slice(1) : text;
      afterCr = false;
      // `pending` holds no line end, so only the new text needs scanning (a big record comes
      // in many chunks).
      const ending = /\r\n|\r|\n/g;
      ending.lastIndex = pending.length;
      pending += chunk;
      let start = 0;
      for (let match = ending.exec(pending); match; match = ending.exec(pending)) {
        line(pending.slice(start, match.index), events);
        start = match.index + match[0].length;
        if (match[0] === '\r' && start === pending.length) afterCr = true;
      }
      pending = pending.slice(start);
      return events;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
