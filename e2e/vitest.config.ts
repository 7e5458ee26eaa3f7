import { defineConfig } from 'vitest/config';

/** Browser journeys: a real server process and Debian's chromium. Run with `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
