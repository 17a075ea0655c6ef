export * from './provider-error.ts';
export * from './http/call-record.ts';
export * from './http/classify-status.ts';
export * from './http/http-client.ts';
export * from './http/retry-after.ts';
export * from './planet/bulk-body.ts';
export * from './planet/classify.ts';
export * from './planet/planet-client.ts';
