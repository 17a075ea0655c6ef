/**
 * JSON whose numbers keep their source text. CoinW documents `sourceIds` as `[id1, id2]` or
 * `["id1", "id2"]`; order ids need up to 19 digits, beyond a double's exact range, so a number id
 * must be read from the raw text or it names a different order. (`JSON.parse` source-text access
 * is not in Node 20.)
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

export type LosslessJson =
  null | boolean | string | JsonNumber | LosslessJson[] | { [key: string]: LosslessJson };

/** Deeper than any real request; keeps a hostile body from overflowing the stack. */
const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Parses `text` like `JSON.parse` (which decides validity, so both accept exactly the same
 * documents) but returns numbers as JsonNumber. Throws SyntaxError.
 */
export function parseLosslessJson(text: string): LosslessJson {
  JSON.parse(text);
  let at = 0;

  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };

  const string = (): string => {
    const start = at;
    at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };

  const value = (depth: number): LosslessJson => {
    if (depth > MAX_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_DEPTH}`);
    skip();
    const c = text[at];
    if (c === '"') return string();
    if (c === '[') {
      at++;
      const items: LosslessJson[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[at++] === ']') return items;
      }
    }
    if (c === '{') {
      at++;
      // No prototype: a `__proto__` key is then an ordinary key, as with JSON.parse.
      const object = Object.create(null) as { [key: string]: LosslessJson };
      skip();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skip();
        const key = string();
        skip();
        at++; // ':'
        object[key] = value(depth + 1);
        skip();
        if (text[at++] === '}') return object;
      }
    }
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (match === null) throw new SyntaxError(`unexpected JSON at ${at}`);
    at = NUMBER.lastIndex;
    return new JsonNumber(match[0]);
  };

  return value(0);
}
