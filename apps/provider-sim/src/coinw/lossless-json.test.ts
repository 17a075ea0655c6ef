import { describe, expect, it } from 'vitest';
import { JsonNumber, parseLosslessJson } from './lossless-json.ts';

describe('parseLosslessJson', () => {
  it('keeps the source text of numbers that a double would round', () => {
    const parsed = parseLosslessJson('{"sourceIds": [9223372036854775807, "33308750270880236"]}');
    expect(parsed).toEqual({
      sourceIds: [new JsonNumber('9223372036854775807'), '33308750270880236'],
    });
    expect(JSON.parse('9223372036854775807')).toBe(9223372036854775808);
  });

  it('reads every JSON form, escapes and whitespace included', () => {
    const text =
      ' { "a" : [ ] , "b":{}, "c":[true,false,null, -1.5e3 ,0], "d":"x\\"\\\\\\u00e9y" } ';
    expect(parseLosslessJson(text)).toEqual({
      a: [],
      b: {},
      c: [true, false, null, new JsonNumber('-1.5e3'), new JsonNumber('0')],
      d: 'x"\\éy',
    });
  });

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a":01}', "{'a':1}", '[1] x', 'NaN']) {
      expect(() => parseLosslessJson(bad), bad).toThrow(SyntaxError);
    }
  });

  it('treats __proto__ as an ordinary key and refuses absurd nesting', () => {
    const parsed = parseLosslessJson('{"__proto__": {"polluted": true}}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseLosslessJson('['.repeat(100) + ']'.repeat(100))).toThrow(SyntaxError);
  });
});
