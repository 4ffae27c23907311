/** Bench build only (app/routes.ts, BENCH_ROUTES=1): the cheapest page Remix can serve here. */
export default function BenchFloor() {
  return <p>floor</p>
}
