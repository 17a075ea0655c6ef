export * from './providers.ts';
export * from './text-rules.ts';
export * from './cancellation-request.ts';
export * from './outcome.ts';
export * from './jobs.ts';
export * from './api-answers.ts';
export * from './coinw-pos-types.ts';
export * from './shared-call.ts';
