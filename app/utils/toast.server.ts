import { createCookie, createCookieSessionStorage, redirect } from '@remix-run/node'
import { z } from 'zod'
import { env } from '~/env.server'

/**
 * Messages after a write (the Epic Stack's `redirectWithToast`): the action sets a one-time
 * message on the redirect, the root loader reads and clears it, the app shell shows it.
 * Works without JavaScript; never carries identifying data (it travels in a cookie).
 */
const TOAST_KEY = 'toast'

export const ToastSchema = z.object({
  id: z.string().default(() => crypto.randomUUID()),
  type: z.enum(['success', 'message', 'error']).default('success'),
  title: z.string().optional(),
  description: z.string(),
})
export type Toast = z.infer<typeof ToastSchema>
export type ToastInput = z.input<typeof ToastSchema>

const toastCookie = createCookie('en_toast', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  get secure() {
    return env().APP_MODE === 'production'
  },
  get secrets() {
    return [env().SESSION_SECRET]
  },
})

export const toastSessionStorage = createCookieSessionStorage({ cookie: toastCookie })

export async function createToastHeaders(input: ToastInput): Promise<Headers> {
  const session = await toastSessionStorage.getSession()
  session.flash(TOAST_KEY, ToastSchema.parse(input))
  return new Headers({ 'Set-Cookie': await toastSessionStorage.commitSession(session) })
}

export async function redirectWithToast(url: string, toast: ToastInput, init?: ResponseInit) {
  const headers = new Headers(init?.headers)
  for (const cookie of (await createToastHeaders(toast)).getSetCookie()) headers.append('Set-Cookie', cookie)
  return redirect(url, { ...init, headers })
}

/** The pending message, if any, and the header that clears it. Cheap when there is none. */
export async function getToast(request: Request): Promise<{ toast: Toast | null; headers: Headers | null }> {
  const cookieHeader = request.headers.get('Cookie')
  if (!cookieHeader?.includes('en_toast=')) return { toast: null, headers: null }
  const session = await toastSessionStorage.getSession(cookieHeader)
  const parsed = ToastSchema.safeParse(session.get(TOAST_KEY))
  return {
    toast: parsed.success ? parsed.data : null,
    headers: new Headers({ 'Set-Cookie': await toastSessionStorage.destroySession(session) }),
  }
}
