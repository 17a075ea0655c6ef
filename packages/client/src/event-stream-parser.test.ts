import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type ServerSentEvent } from './event-stream-parser.ts';

/** Every event the chunks make, fed one after another to one parser. */
function parse(...chunks: string[]): ServerSentEvent[] {
  const parser = createEventStreamParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

const STREAM =
  'id: 3\nevent: state\ndata: {"a":1}\n\n: keepalive\n\nid: 4\nevent: state\ndata: {"a":2}\n\n';

describe('createEventStreamParser', () => {
  it('reads what the API sends: named events with ids, keepalive comments skipped', () => {
    expect(parse(STREAM)).toEqual([
      { type: 'state', data: '{"a":1}', lastEventId: '3' },
      { type: 'state', data: '{"a":2}', lastEventId: '4' },
    ]);
  });

  it('gives the same events however the text is split, down to one character at a time', () => {
    expect(parse(...STREAM.split(''))).toEqual(parse(STREAM));
    expect(parse(STREAM.slice(0, 17), STREAM.slice(17, 40), STREAM.slice(40))).toEqual(
      parse(STREAM),
    );
  });

  it('ends lines with CRLF, LF or CR alike, a CRLF split across chunks included', () => {
    const events = [{ type: 'message', data: 'x', lastEventId: '' }];
    expect(parse('data: x\r\n\r\n')).toEqual(events);
    expect(parse('data: x\r\r')).toEqual(events);
    expect(parse('data: x\r', '\n\r', '\n')).toEqual(events);
    expect(parse('data: x\r', '', '\n\r\n')).toEqual(events);
  });

  it('joins data lines with LF; takes off one space after the colon, no more', () => {
    expect(parse('data:a\ndata:  b\ndata\n\n')).toEqual([
      { type: 'message', data: 'a\n b\n', lastEventId: '' },
    ]);
  });

  it('keeps the last id for events without one, and for a reconnect', () => {
    const parser = createEventStreamParser();
    expect(parser.push('id: 7\ndata: a\n\ndata: b\n\n').map((e) => e.lastEventId)).toEqual([
      '7',
      '7',
    ]);
    expect(parser.lastEventId).toBe('7');
  });

  it('an event cut off before its blank line is neither delivered nor resumed after', () => {
    const parser = createEventStreamParser();
    expect(parser.push('id: 1\ndata: a\n\nid: 2\nevent: state\ndata: {"trunc')).toHaveLength(1);
    expect(parser.lastEventId).toBe('1');
  });

  it('ignores an id with NUL, unknown fields and retry; an event without data is not one', () => {
    expect(parse('id: 5\n\nid: a\0b\nretry: 10\nfoo: bar\ndata: x\n\n')).toEqual([
      { type: 'message', data: 'x', lastEventId: '5' },
    ]);
    expect(parse('event: state\n\n')).toEqual([]);
  });

  it('an empty event name is the default one', () => {
    expect(parse('event:\ndata: x\n\n')).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });
});
