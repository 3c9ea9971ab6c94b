import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // A PGlite instance takes a few seconds to start; the first hook of each file waits for it.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
