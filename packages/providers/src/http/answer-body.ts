import { ProviderError } from '../provider-error.ts';

/**
 * How much of a non-JSON error body is kept: enough for a gateway's "502 Bad Gateway" or a
 * proxy's one-line refusal, not a whole HTML page in every job log line and outcome detail.
 */
export const TEXT_EXCERPT_MAX = 200;

export interface AnswerBody {
  /** Parsed JSON; undefined when the body was empty or was not JSON. */
  body: unknown;
  /** Only for an error answer whose body was not JSON: an excerpt of it (see `textExcerpt`). */
  text?: string;
}

/**
 * Reads an answer's body once its status is known, because the status decides what a body
 * that does not parse means. On a 2xx the body *is* the result, so garbage there is a transient
 * fault (a truncated or garbled answer): `later`. On any other status the status is the verdict
 * whatever the body says — a plain-text 429 from a gateway is still a 429 with its Retry-After,
 * an HTML 401 page is still a refusal of the credentials — so the text is kept as the provider's
 * words and the adapter classifies the status as usual.
 */
export function readAnswerBody(status: number, raw: string): AnswerBody {
  if (raw.trim() === '') return { body: undefined };
  try {
    return { body: JSON.parse(raw) as unknown };
  } catch (cause) {
    if (status >= 200 && status < 300) {
      throw new ProviderError('later', `HTTP ${status} with a malformed JSON body`, {
        status,
        cause,
      });
    }
    return { body: undefined, text: textExcerpt(raw) };
  }
}

/**
 * One line of at most TEXT_EXCERPT_MAX characters: markup stripped (an HTML error page's words
 * are in its title and headings), whitespace runs collapsed, cut with an ellipsis.
 */
export function textExcerpt(raw: string): string {
  const looksLikeMarkup = raw.trimStart().startsWith('<');
  const words = (looksLikeMarkup ? raw.replace(/<[^>]*>/g, ' ') : raw).replace(/\s+/g, ' ').trim();
  if (words.length <= TEXT_EXCERPT_MAX) return words;
  return `${words.slice(0, TEXT_EXCERPT_MAX - 1).trimEnd()}…`;
}
