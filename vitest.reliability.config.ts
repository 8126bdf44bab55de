import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: bad input at scale, token attacks, crash safety, SDK faults,
 * concurrency, indicator-job faults and least privilege. Files run one at a time: several share
 * one local runtime and compare full table dumps, which a concurrent file's writes would spoil.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/support/global-setup.ts'],
    setupFiles: ['test/reliability/support/env.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
