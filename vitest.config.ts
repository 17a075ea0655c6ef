import { defineConfig } from 'vitest/config';

const packages = [
  'packages/contracts',
  'packages/config',
  'packages/queue',
  'packages/providers',
  'packages/test-utils',
  'apps/api',
  'apps/worker',
  'apps/provider-sim',
];

export default defineConfig({
  test: {
    projects: packages.map((dir) => ({
      test: {
        name: `@cancelq/${dir.split('/')[1]}`,
        root: dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
