import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts'],
    // Seven checkouts may test at once on two cores (load average 20 and more): a suite's
    // beforeAll signs in every demo user (argon2) and took over a minute there.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser and database suites share one machine with two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
