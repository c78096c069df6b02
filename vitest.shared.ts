import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The one vitest configuration of the workspace: workspace packages resolve to their sources
 * through the `@seq/source` export condition, so tests need no build and load one copy of each.
 */
export default defineConfig({
  resolve: { conditions: ['@seq/source'] },
  ssr: { resolve: { conditions: ['@seq/source'], externalConditions: ['@seq/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
  },
});
