import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getSessionUser } from '~/auth/session.server'

/** Bench build only (app/routes.ts, BENCH_ROUTES=1): a page that only looks up the session. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  return { signedIn: !!user, pid: process.pid }
}

export default function BenchSession() {
  const { signedIn } = useLoaderData<typeof loader>()
  return <p>{signedIn ? 'signed in' : 'signed out'}</p>
}
