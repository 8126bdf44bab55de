import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:browser`, and the last step of `npm test`): node-side tests that
 * drive headless Chromium with playwright-core against the real local runtime with its sample data.
 * They need Chromium at `/usr/bin/chromium` (Debian's `chromium` package) or `CHROMIUM_PATH`.
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
