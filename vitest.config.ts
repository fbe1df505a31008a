import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CLI tests spawn the real binary; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
