import { describe, expect, it } from 'vitest';
import { providerFailure } from '../testing/provider-failure.ts';
import { readAnswerBody, TEXT_EXCERPT_MAX, textExcerpt } from './answer-body.ts';

describe('readAnswerBody', () => {
  it('parses JSON whatever the status, and reads an empty body as none', () => {
    expect(readAnswerBody(200, '{"a":1}')).toEqual({ body: { a: 1 } });
    expect(readAnswerBody(429, '{"message":"slow"}')).toEqual({ body: { message: 'slow' } });
    expect(readAnswerBody(500, '  \n')).toEqual({ body: undefined });
  });

  it('a 2xx whose body is not JSON is a transient fault, naming the status', () => {
    for (const status of [200, 201, 204]) {
      const error = providerFailure(() => readAnswerBody(status, '{"result":{"fail'));
      expect(error).toMatchObject({ retry: 'later', status });
      expect(error.message).toBe(`HTTP ${status} with a malformed JSON body`);
    }
  });

  it.each([301, 401, 403, 404, 429, 500, 502])(
    'an HTTP %i whose body is not JSON keeps its text for the status to classify',
    (status) => {
      expect(readAnswerBody(status, ' Too Many Requests\n')).toEqual({
        body: undefined,
        text: 'Too Many Requests',
      });
    },
  );
});

describe('textExcerpt', () => {
  it('keeps the words of an HTML page on one line', () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    expect(textExcerpt(page)).toBe('502 Bad Gateway 502 Bad Gateway nginx');
  });

  it('leaves angle brackets inside plain text alone', () => {
    expect(textExcerpt('limit is < 10 req/s')).toBe('limit is < 10 req/s');
  });

  it(`cuts a long body to ${TEXT_EXCERPT_MAX} characters, ellipsis included`, () => {
    const excerpt = textExcerpt(`Forbidden: ${'x'.repeat(5_000)}`);
    expect(excerpt).toHaveLength(TEXT_EXCERPT_MAX);
    expect(excerpt.startsWith('Forbidden: xxx')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
