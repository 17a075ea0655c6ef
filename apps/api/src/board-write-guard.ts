import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Job states whose outcomes are settled: removing such a job changes no cancellation. */
const FINISHED = new Set(['completed', 'failed']);

const REFUSED =
  'would change what is queued behind the outcome records (its cancellations would stay pending, or run unvalidated work)';

/** Bull Board's routes (below its mount point) that act on queued work without the records. */
const REFUSED_ROUTES: { method: string; path: RegExp; what: string }[] = [
  { method: 'POST', path: /^\/api\/queues\/[^/]+\/add$/, what: 'Adding a job' },
  {
    method: 'PATCH',
    path: /^\/api\/queues\/[^/]+\/[^/]+\/update-data$/,
    what: "Changing a job's data",
  },
  { method: 'PUT', path: /^\/api\/queues\/[^/]+\/empty$/, what: 'Emptying a queue' },
  { method: 'PUT', path: /^\/api\/queues\/[^/]+\/obliterate$/, what: 'Obliterating a queue' },
  {
    method: 'PUT',
    path: /^\/api\/queues\/[^/]+\/[^/]+\/remove-unprocessed-children$/,
    what: "Removing a job's children",
  },
];
const CLEAN_STATUS = /^\/api\/queues\/[^/]+\/clean\/([^/]+)$/;
const REMOVE_JOB = /^\/api\/queues\/([^/]+)\/([^/]+)\/clean$/;

/**
 * Bull Board's writes that keep the outcome records true stay possible with write access:
 * retrying and promoting jobs (they run, and settle their targets), pausing and resuming,
 * delays and priorities, and removing or cleaning jobs that have finished. The others act on
 * queued work behind the records' back, so they are refused, each saying why: adding a job or
 * editing its data (unvalidated, unrecorded work), removing, emptying or obliterating unfinished
 * jobs (their targets would stay `pending` forever). Cancel work through the API instead.
 * One middleware rather than routes of its own: the board's routes stay Bull Board's.
 */
export function boardWriteGuard(queues: Queue[]): RequestHandler {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const refuse = (res: Response, what: string) =>
    res.status(405).json({ error: `${what} ${REFUSED}; only finished jobs can be removed` });
  return async (req: Request, res: Response, next: NextFunction) => {
    const refused = REFUSED_ROUTES.find((r) => r.method === req.method && r.path.test(req.path));
    if (refused) return refuse(res, refused.what);
    if (req.method !== 'PUT') return next();
    const status = CLEAN_STATUS.exec(req.path)?.[1];
    if (status !== undefined)
      return FINISHED.has(status) ? next() : refuse(res, `Cleaning ${status} jobs`);
    const [, queueName = '', jobId = ''] = REMOVE_JOB.exec(req.path) ?? [];
    // A queue Bull Board does not show: its own 404 answers.
    const queue = byName.get(decodeURIComponent(queueName));
    if (!queue) return next();
    try {
      const state = await queue.getJobState(decodeURIComponent(jobId));
      if (state === 'unknown' || FINISHED.has(state)) return next();
      return refuse(res, `Removing a job that is ${state}`);
    } catch (error) {
      return next(error);
    }
  };
}
