import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel, but not so wide that PostgreSQL databases pile up.
    maxWorkers: 2,
  },
});
