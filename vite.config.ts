import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  build: { target: 'es2022' },
  ssr: { external: ['better-sqlite3'] },
  plugins: [
    remix({
      // The bench build (BENCH_ROUTES=1, scripts/bench.ts) has extra routes: keep it out of build/.
      buildDirectory: process.env.BENCH_ROUTES === '1' ? 'build-bench' : 'build',
      ignoredRouteFiles: ['**/*.test.*'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
})
