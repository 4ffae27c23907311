import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { destroySession } from '~/auth/session.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader() {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  return redirectWithToast(
    '/login',
    { description: 'You have signed out.' },
    { headers: { 'Set-Cookie': await destroySession(request) } },
  )
}
