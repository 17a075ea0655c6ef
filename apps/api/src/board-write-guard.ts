import type { Queue } from 'bullmq';
import express, { type Router } from 'express';

/** Job states whose outcomes are settled: removing such a job changes no cancellation. */
const FINISHED = new Set(['completed', 'failed']);

const REFUSED =
  'would change what is queued behind the outcome records (its cancellations would stay pending, or run unvalidated work)';

/**
 * Bull Board's writes that keep the outcome records true stay possible with write access:
 * retrying and promoting jobs (they run, and settle their targets), pausing and resuming,
 * delays and priorities, and removing or cleaning jobs that have finished. The others act on
 * queued work behind the records' back, so they are refused, each saying why: adding a job or
 * editing its data (unvalidated, unrecorded work), removing, emptying or obliterating unfinished
 * jobs (their targets would stay `pending` forever). Cancel work through the API instead.
 */
export function boardWriteGuard(queues: Queue[]): Router {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const refuse = (res: express.Response, what: string) =>
    res.status(405).json({ error: `${what} ${REFUSED}; only finished jobs can be removed` });
  const guard = express.Router();
  guard.post('/api/queues/:queueName/add', (_req, res) => refuse(res, 'Adding a job'));
  guard.patch('/api/queues/:queueName/:jobId/update-data', (_req, res) =>
    refuse(res, "Changing a job's data"),
  );
  guard.put('/api/queues/:queueName/empty', (_req, res) => refuse(res, 'Emptying a queue'));
  guard.put('/api/queues/:queueName/obliterate', (_req, res) =>
    refuse(res, 'Obliterating a queue'),
  );
  guard.put('/api/queues/:queueName/:jobId/remove-unprocessed-children', (_req, res) =>
    refuse(res, "Removing a job's children"),
  );
  guard.put('/api/queues/:queueName/clean/:queueStatus', (req, res, next) => {
    if (FINISHED.has(req.params.queueStatus)) return next();
    return refuse(res, `Cleaning ${req.params.queueStatus} jobs`);
  });
  guard.put('/api/queues/:queueName/:jobId/clean', async (req, res, next) => {
    const queue = byName.get(req.params.queueName);
    // A queue Bull Board does not show: its own 404 answers.
    if (!queue) return next();
    try {
      const state = await queue.getJobState(req.params.jobId);
      if (state === 'unknown' || FINISHED.has(state)) return next();
      return refuse(res, `Removing a job that is ${state}`);
    } catch (error) {
      return next(error);
    }
  });
  return guard;
}
