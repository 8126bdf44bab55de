import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:browser`): node-side tests that drive headless Chromium with
 * playwright-core against the real local runtime with its sample data. Not part of `npm test`,
 * since they need Chromium (`.ci/run` installs it and runs them after `npm test`).
 */
export default defineConfig({
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
