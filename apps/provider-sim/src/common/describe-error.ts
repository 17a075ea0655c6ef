import { BadRequest } from './bad-request.ts';

/** Maps parse failures (body-parser sets `status` and `type`) and BadRequest to client errors. */
export function describeError(err: unknown): { status: number; message: string } {
  if (err instanceof BadRequest) return { status: 400, message: err.message };
  if (typeof err === 'object' && err !== null && 'status' in err) {
    const status = err.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = 'type' in err ? err.type : undefined;
      if (type === 'entity.parse.failed')
        return { status, message: 'Request body is not valid JSON' };
      const message =
        'message' in err && typeof err.message === 'string' ? err.message : 'Bad request';
      return { status, message };
    }
  }
  return { status: 500, message: 'Internal simulator error' };
}
