import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getSessionUser } from '~/auth/session.server'
import { setLocale } from '~/domain/account.server'
import { supportedLanguages } from '~/i18n/config'
import { localeCookie } from '~/i18n/i18n.server'
import { parseSubmission } from '~/utils/forms.server'
import { safeRedirect } from '~/utils/safe-redirect'

export const LanguageSchema = z.object({
  lng: z.enum(supportedLanguages as ['en', 'es']),
  redirectTo: z.string().max(500).optional(),
})

/** Nothing to show: the switch only posts here. */
export function loader() {
  return redirect('/')
}

/**
 * The language switch (every participant page, sign-in and invitation pages): remembers the
 * choice in the `lng` cookie, saves it on a signed-in participant's account, and goes back to the
 * page it came from (a same-origin path only). Works without JavaScript.
 */
export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, LanguageSchema)
  const back = safeRedirect(
    typeof submission.payload.redirectTo === 'string' ? submission.payload.redirectTo : null,
    '/',
  )
  if (submission.status !== 'success') return redirect(back)
  const { lng } = submission.value
  const user = await getSessionUser(request)
  if (user?.role === 'participant') setLocale(user.id, lng)
  return redirect(back, { headers: { 'Set-Cookie': await localeCookie.serialize(lng) } })
}
