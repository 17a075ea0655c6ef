export * from './app.ts';
export * from './create-api.ts';
export * from './deps.ts';
