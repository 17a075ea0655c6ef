import express, { type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { batchRequest, PROVIDERS } from '@cancelq/contracts';
import type { Logger } from '@cancelq/config';
import type { ApiDeps } from './deps.ts';
import { acceptHandler, type Shape } from './handlers/accept-cancellations.ts';
import { getCancellation, listCancellations } from './handlers/read-cancellations.ts';
import { streamCancellation } from './handlers/stream-cancellation.ts';
import { errorAnswer, issuesOf, validationAnswer, type Answer } from './http/answers.ts';
import { requireBasic, requireBearer } from './http/auth.ts';
import { errorsMiddleware } from './http/errors-middleware.ts';
import { requestLog } from './http/request-log.ts';
import { createProcessRegistry } from './metrics/process-registry.ts';
import swaggerUi from 'swagger-ui-express';
import { BOARD_PATH, createBoardRouter } from './board.ts';
import { boardWriteGuard } from './board-write-guard.ts';
import { createOpenApiDocument } from './openapi/document.ts';

/** CANCELQ_AUTH_FAILURES's default, for an app made without the env (tests, embedding). */
const DEFAULT_AUTH_FAILURES = 20;

/** The API's version, as the OpenAPI document states it. */
export const API_VERSION = '1.0.0';

export interface AppOptions {
  apiToken: string;
  board: { user: string; password: string; readOnly: boolean };
  /**
   * Bearer token `/metrics` and `/metrics/process` require; absent, they are open (for a scraper
   * on a private network).
   */
  metricsToken?: string;
  /** Refused credentials a client address may present per minute (CANCELQ_AUTH_FAILURES). */
  authFailuresPerMinute?: number;
  /** Each queue's (an account's) configured limit, as Bull Board shows it (`10/1s`). */
  paceOf?: (queue: string) => string;
  log: Logger;
}

const idempotencyKey = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, { message: 'must be 1..255 printable ASCII characters' })
  .optional();

function send(res: Response, answer: Answer): void {
  res.status(answer.status).json(answer.body);
}

export function createApp(deps: ApiDeps, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // First: every answer, Bull Board's and the 401s included, gets a request id and a log line.
  app.use(requestLog(options.log));

  app.get('/healthz', (_req, res) => send(res, { status: 200, body: { status: 'ok' } }));
  app.get('/readyz', async (_req, res) => {
    const ready =
      deps.redis.status === 'ready' && (await deps.redis.ping().catch(() => null)) === 'PONG';
    send(
      res,
      ready
        ? { status: 200, body: { status: 'ready' } }
        : errorAnswer(503, 'unavailable', 'redis does not answer'),
    );
  });

  const authFailures = options.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES;
  const metricsAuth: express.RequestHandler[] = options.metricsToken
    ? [requireBearer(options.metricsToken, authFailures)]
    : [];
  // Two scrape targets, so that nothing is counted once per replica: /metrics is Redis's view of
  // the whole fleet, the same from every replica (the contract's series: scrape it once, through
  // the service); /metrics/process is this process (scrape every replica).
  const processMetrics = createProcessRegistry();
  const serve = (registry: Registry) => async (_req: Request, res: Response) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
  app.get('/metrics', ...metricsAuth, serve(deps.metrics));
  app.get('/metrics/process', ...metricsAuth, serve(processMetrics));

  const openApi = createOpenApiDocument(API_VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'cancelq API' }));

  const boardQueues = [
    ...PROVIDERS.flatMap((provider) =>
      deps.accounts[provider].map((account) => deps.queueOf(provider, account)),
    ),
    ...(deps.webhooks.queue ? [deps.webhooks.queue] : []),
  ];
  app.use(
    BOARD_PATH,
    requireBasic(options.board.user, options.board.password, authFailures),
    boardWriteGuard(boardQueues),
    createBoardRouter(boardQueues, options.board.readOnly, options.paceOf ?? (() => 'its limit')),
  );

  const v1 = express.Router();
  v1.use(requireBearer(options.apiToken, authFailures));
  const json = express.json({
    limit: '1mb',
    // Any well-formed JSON is parsed; a body of the wrong shape (`42`, `null`) is then a schema
    // violation with issues, not "malformed JSON".
    strict: false,
    type: () => true,
  });
  const requireJson = (req: Request, res: Response, next: () => void) => {
    if (req.is('application/json')) return next();
    send(res, errorAnswer(415, 'unsupported_media_type', 'send Content-Type: application/json'));
  };

  const accept = (shape: Shape) => async (req: Request, res: Response) => {
    const key = idempotencyKey.safeParse(req.get('idempotency-key'));
    if (!key.success)
      return send(res, validationAnswer(issuesOf(key.error, ['headers', 'Idempotency-Key'])));
    const body: unknown = req.body;
    if (shape === 'single')
      return send(res, await acceptHandler(deps, shape, [body], body, key.data));
    const batch = batchRequest.safeParse(body);
    if (!batch.success) return send(res, validationAnswer(issuesOf(batch.error)));
    send(res, await acceptHandler(deps, shape, batch.data.cancellations, body, key.data));
  };
  v1.post('/cancellations', requireJson, json, accept('single'));
  v1.post('/cancellations/batch', requireJson, json, accept('batch'));
  v1.get('/cancellations/:id', async (req, res) =>
    send(res, await getCancellation(deps, req.params.id ?? '')),
  );
  v1.get('/cancellations/:id/events', async (req, res) => {
    const answer = await streamCancellation(deps, req, res);
    if (answer) send(res, answer);
  });
  v1.get('/cancellations', async (req, res) => send(res, await listCancellations(deps, req.query)));
  app.use('/v1', v1);

  app.use((_req, res) => send(res, errorAnswer(404, 'not_found')));
  app.use(errorsMiddleware(deps.redis, options.log));
  return app;
}
