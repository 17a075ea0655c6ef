/** Thrown by parsers of request bodies; the router turns it into a 400 `{message}`. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}
