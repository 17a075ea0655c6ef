/** The client's streaming test proxy: the CLI watches through the same one. */
export * from '../../../packages/client/test/stream-proxy.ts';
