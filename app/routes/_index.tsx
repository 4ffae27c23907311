import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { START_PAGE } from '~/auth/permissions'
import { requireUser } from '~/auth/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  throw redirect(START_PAGE[user.role])
}
