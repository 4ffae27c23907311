import { data, type ActionFunctionArgs } from '@remix-run/node'
import { getSessionUser } from '~/auth/session.server'
import { env } from '~/env.server'

/**
 * POST /session/keepalive: a staff page with unsaved input, or in use, keeps its session from
 * lapsing while the person works (SessionKeeper). Looking the session up is what renews it;
 * the absolute expiry still holds. A lapsed or missing session answers 401, never a redirect,
 * so the page can say so and keep what was typed.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request)
  if (!user) return data({ signedIn: false as const }, { status: 401 })
  return { signedIn: true as const, idleMinutes: env().STAFF_IDLE_MINUTES }
}
