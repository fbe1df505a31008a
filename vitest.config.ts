import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Limits, not timing checks: CLI tests spawn the real binary several times, and a loaded
    // 2-core CI machine can take tens of seconds for one test.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // CLI tests spawn the real binary; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
