import { appRoutes } from '@bull-board/api/dist/routes.js';

/**
 * Every route Bull Board mounts under /admin/queues, read from its own route table so a route
 * added by an upgrade is covered without anyone listing it: the UI's entry pages, its static
 * files, and each API route with a body its validation accepts (so a refusal is about the
 * route, not the body).
 */
export interface BoardRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Below /admin/queues. */
  path: string;
  body?: unknown;
  /** The route as Bull Board declares it, e.g. `/api/queues/:queueName/pause`. */
  template: string;
}

export interface RouteParams {
  queueName: string;
  jobId: string;
  queueStatus: string;
  schedulerId: string;
}

const VALID_BODIES: Record<string, unknown> = {
  AddJobBody: { name: 'added', data: { added: true } },
  UpdateJobDataBody: { jobData: { updated: true } },
  ChangeJobDelayBody: { runAt: Date.now() + 60_000 },
  ChangeJobPriorityBody: { priority: 1 },
  SetGlobalConcurrencyBody: { concurrency: 1 },
  SetRateLimitBody: { max: 1, duration: 1_000 },
  ObliterateQueueBody: { force: true },
  UpdateJobSchedulerBody: { every: 60_000 },
};

function expand(template: string, params: RouteParams): string {
  return template.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name as keyof RouteParams];
    if (value === undefined) throw new Error(`no value for :${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export function boardRoutes(params: RouteParams): BoardRoute[] {
  const pages = list(appRoutes.entryPoint.route).map((template): BoardRoute => ({
    method: 'GET',
    path: expand(template, params),
    template,
  }));
  const statics: BoardRoute[] = ['/static/favicon-32x32.png', '/static/images/logo.svg'].map(
    (path) => ({ method: 'GET', path, template: path }),
  );
  const api = appRoutes.api.flatMap((route) =>
    list(route.route).flatMap((template) =>
      list(route.method).map((method): BoardRoute => ({
        method: method.toUpperCase() as BoardRoute['method'],
        path: expand(template, params),
        template,
        body: route.spec.body === undefined ? undefined : VALID_BODIES[route.spec.body],
      })),
    ),
  );
  return [...pages, ...statics, ...api];
}

/** Routes that change something (every method but GET). */
export function mutatingBoardRoutes(params: RouteParams): BoardRoute[] {
  return boardRoutes(params).filter((route) => route.method !== 'GET');
}
