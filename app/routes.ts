import { route, type RouteConfig } from '@remix-run/route-config'
import { flatRoutes } from '@remix-run/fs-routes'

const routes = await flatRoutes({ ignoredRouteFiles: ['**/*.test.*'] })

// `npm run bench` builds with BENCH_ROUTES=1 into its own directory (vite.config.ts): two floor
// pages to measure every other page against. The normal build never contains them.
if (process.env.BENCH_ROUTES === '1')
  routes.push(route('__bench/floor', 'bench/floor.tsx'), route('__bench/session', 'bench/session.tsx'))

export default routes satisfies RouteConfig
