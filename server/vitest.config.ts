import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // A PGlite instance takes a few seconds to start; the first hook of each file waits for it. Tests that start
    // their own on-disk PGlite and migrate it (personal-data.at-rest) took 45-55 s on a loaded 2-core machine:
    // these limits are there to stop a hung test, not to measure speed.
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
});
