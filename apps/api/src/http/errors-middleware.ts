import type { ErrorRequestHandler } from 'express';
import { ReplicasOfflineError, type RedisConnection } from '@cancelq/queue';
import { requestLogOf, type Logger } from '@cancelq/config';
import { errorAnswer, outcomeUnknownAnswer, type Answer } from './answers.ts';
import { OutcomeUnknownError } from './outcome-unknown.ts';

const BODY_PARSER_ANSWERS: Record<string, Answer> = {
  'entity.parse.failed': errorAnswer(400, 'invalid_json', 'the body is not valid JSON'),
  'entity.too.large': errorAnswer(413, 'payload_too_large', 'the body is over 1 MiB'),
  'encoding.unsupported': errorAnswer(
    415,
    'unsupported_media_type',
    'unsupported content encoding',
  ),
  'charset.unsupported': errorAnswer(415, 'unsupported_media_type', 'unsupported charset'),
  'request.aborted': errorAnswer(400, 'invalid_json', 'the request was aborted'),
  'request.size.invalid': errorAnswer(
    400,
    'invalid_json',
    'the body length does not match Content-Length',
  ),
};

// The second line: a Redis Cluster without a primary for our slot (mid-failover), or none
// reachable; the third, a write refused by a node that is not (or no longer) the primary.
const REDIS_DOWN = new RegExp(
  [
    'Connection is closed|enableOfflineQueue|Command timed out|ECONNREFUSED|MaxRetriesPerRequest|Reached the max retries|LOADING|Connection timeout',
    "CLUSTERDOWN|TRYAGAIN|Too many Cluster redirections|Cluster isn't ready|Failed to refresh slots cache|None of startup nodes|Cluster is ended",
    'READONLY|MOVED \\d+|ASK \\d+',
  ].join('|'),
  'i',
);

/**
 * Bad input never becomes a 5xx: body-parser's errors map to the contract's 4xx. Anything else
 * is ours: an acceptance whose transaction went out but was never confirmed is 503
 * outcome_unknown; any other failure to reach Redis is 503 unavailable, which promises that
 * nothing was written (the handlers turn every failure that may have written into
 * OutcomeUnknownError); the rest is 500 and logged.
 *
 * Failures are logged here, once, with their stack (pino's err serializer), on the request's
 * logger so the line carries its `reqId`; `log` serves only a request the request log did not
 * see.
 */
export function errorsMiddleware(redis: RedisConnection, log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const reqLog = requestLogOf(req) ?? log;
    const type = (error as { type?: unknown }).type;
    let answer = typeof type === 'string' ? BODY_PARSER_ANSWERS[type] : undefined;
    if (!answer) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        // Anything else Express refuses before our handlers: a path it cannot decode, say.
        answer = errorAnswer(
          400,
          'validation_error',
          error instanceof Error ? error.message : 'bad request',
          [],
        );
      }
    }
    if (!answer && error instanceof OutcomeUnknownError) {
      // The serializer folds the cause's message and stack into the error's.
      reqLog.warn({ err: error }, 'acceptance outcome unknown');
      answer = outcomeUnknownAnswer(error.idempotent);
    }
    if (!answer) {
      const message = error instanceof Error ? error.message : String(error);
      if (
        error instanceof ReplicasOfflineError ||
        redis.status !== 'ready' ||
        REDIS_DOWN.test(message) ||
        (error instanceof Error && error.name === 'MaxRetriesPerRequestError')
      ) {
        reqLog.warn({ err: error }, 'redis unavailable');
        answer = errorAnswer(
          503,
          'unavailable',
          'the queue store is unavailable; nothing was written',
        );
      } else {
        reqLog.error({ err: error }, 'unexpected error');
        answer = errorAnswer(500, 'internal');
      }
    }
    if (res.headersSent) return;
    res.status(answer.status).json(answer.body);
  };
}
