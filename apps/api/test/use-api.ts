import { afterAll, beforeAll } from 'vitest';
import { startApi, type StartOptions, type TestApi } from './harness.ts';

/**
 * Starts an API (see harness.ts) before the tests of the enclosing file or describe block and
 * closes it after them, so a test file names its API in one line instead of repeating the hooks.
 * The handle stands for the started API: tests and later hooks use it as they would the API
 * itself; touched before the block's beforeAll has run, it throws instead of answering for an
 * API that is not there yet.
 */
export function useApi(options: StartOptions): TestApi {
  let started: TestApi | undefined;
  beforeAll(async () => {
    started = await startApi(options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return new Proxy({} as TestApi, {
    get(_target, key) {
      if (started === undefined) {
        throw new Error(`the API "${options.label ?? 'api'}" is used outside its tests`);
      }
      return Reflect.get(started, key, started) as unknown;
    },
  });
}
