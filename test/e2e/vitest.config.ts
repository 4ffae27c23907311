import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

/**
 * End-to-end suite: a real browser (playwright-core + system Chromium) against the BUILT app.
 * Run `npm run build` first; then `npm run test:e2e`.
 */
export default defineConfig({
  // fixtures.ts imports the app's domain modules (`~/…`, `#db/…`).
  plugins: [tsconfigPaths()],
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
})
