/**
 * The CLI's tests meet the same real API as the client it runs on (@cancelq/client), started the
 * same way: one helper for both.
 */
export * from '../../../packages/client/test/test-api.ts';
