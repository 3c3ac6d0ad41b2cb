import { defineConfig } from 'vitest/config';

// Two projects: `unit` touches no database or network; `db` (integration and
// end-to-end) runs against a real PostgreSQL — DATABASE_URL when set, otherwise a
// throwaway embedded server — with one fresh database per test file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
