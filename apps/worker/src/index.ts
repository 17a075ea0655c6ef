export * from './daemon.ts';
export * from './run-job.ts';
export * from './step-outcome.ts';
