import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Real-runsc suites spawn sandboxes; keep files from competing for the 2 cores.
    fileParallelism: true,
    pool: 'forks',
    reporters: ['default', './test-support/closing-line-reporter.ts'],
  },
});
