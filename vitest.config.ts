import { defineConfig } from 'vitest/config';

const packages = [
  'packages/contracts',
  'packages/config',
  'packages/queue',
  'packages/providers',
  'packages/test-utils',
  'packages/client',
  'apps/api',
  'apps/worker',
  'apps/provider-sim',
  'apps/cli',
];

export default defineConfig({
  test: {
    // Integration tests start processes and measure pacing on a 2-core machine: one file at a
    // time keeps their timing honest. Unit files are fast enough not to need parallelism.
    fileParallelism: false,
    globalSetup: ['./vitest.global-setup.ts'],
    projects: [
      ...packages.map((dir) => ({
        test: {
          name: `@cancelq/${dir.split('/')[1]}`,
          root: dir,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      })),
      // The benchmark's pure helpers (its measurements run under `pnpm bench`, not here).
      { test: { name: 'bench', root: 'bench', include: ['harness/*.test.ts'] } },
      // The root commands (`pnpm start`), run as a user runs them.
      {
        test: {
          name: 'scripts',
          root: 'scripts',
          include: ['*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
