import { randomBytes } from 'node:crypto'
import { parseWithZod } from '@conform-to/zod'
import { createCookie } from '@remix-run/node'
import { and, eq, gt, lt } from 'drizzle-orm'
import { z } from 'zod'
import { pendingSubmissions } from '#db/schema'
import { getDb } from '~/db.server'
import { env } from '~/env.server'
import { MAX_FORM_BYTES } from '~/utils/forms.server'
import { sha256 } from './hash'

/**
 * Never lose what someone typed to a lapsed session (issue 9). When a form arrives after its
 * sender's session lapsed, its fields are kept on the server for an hour, bound to that user and
 * the page it came from; the sender's browser holds only a random token. Signing in again as the
 * same person brings them back to that page with the form filled in as they left it, to check and
 * save (the usual version check then applies). Nothing is saved on their behalf unseen.
 */
const KEEP_MS = 60 * 60_000

const pendingCookie = createCookie('pending_form', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: KEEP_MS / 1000,
  get secure() {
    return env().APP_MODE === 'production'
  },
  get secrets() {
    return [env().SESSION_SECRET]
  },
})

const pagePath = (request: Request) => new URL(request.url).pathname.replace(/\.data$/, '')

/** Keeps a url-encoded form for `userId`; returns the cookie to set, or null when there is nothing to keep. */
export async function stashSubmission(request: Request, userId: number): Promise<string | null> {
  if (!request.headers.get('content-type')?.includes('application/x-www-form-urlencoded')) return null
  const body = await request.text().catch(() => '')
  if (!body || body.length > MAX_FORM_BYTES) return null
  const token = randomBytes(24).toString('base64url')
  const now = Date.now()
  const db = getDb()
  db.delete(pendingSubmissions)
    .where(lt(pendingSubmissions.expiresAt, new Date(now).toISOString()))
    .run()
  db.insert(pendingSubmissions)
    .values({
      id: sha256(token),
      userId,
      path: pagePath(request),
      body,
      expiresAt: new Date(now + KEEP_MS).toISOString(),
    })
    .run()
  return pendingCookie.serialize(token)
}

async function findPending(request: Request, userId: number) {
  const token = await pendingCookie.parse(request.headers.get('Cookie'))
  if (typeof token !== 'string' || !token) return null
  return (
    getDb()
      .select()
      .from(pendingSubmissions)
      .where(
        and(
          eq(pendingSubmissions.id, sha256(token)),
          eq(pendingSubmissions.userId, userId),
          gt(pendingSubmissions.expiresAt, new Date().toISOString()),
        ),
      )
      .get() ?? null
  )
}

/** After sign-in: the page whose form is waiting for this user, if any. */
export async function pendingSubmissionPath(request: Request, userId: number): Promise<string | null> {
  return (await findPending(request, userId))?.path ?? null
}

export type RestoredSubmission = { intent: string | null; result: ReturnType<ReturnType<typeof parseAny>['reply']> }
const parseAny = (formData: FormData) => parseWithZod(formData, { schema: z.any() })

/**
 * On the page the form came from, signed in as its sender: the form as they typed it, in the shape
 * conform's `lastResult` takes, with a note to check and save. Taken once (the row is deleted).
 */
export async function takeRestoredSubmission(
  request: Request,
  userId: number,
): Promise<{ restored: RestoredSubmission; headers: Headers } | null> {
  const row = await findPending(request, userId)
  if (!row || row.path !== pagePath(request)) return null
  getDb().delete(pendingSubmissions).where(eq(pendingSubmissions.id, row.id)).run()
  const formData = new FormData()
  for (const [k, v] of new URLSearchParams(row.body)) formData.append(k, v)
  const intent = formData.get('intent')
  const result = parseAny(formData).reply({
    // an i18n key: a participant reads it in their language, staff in English
    formErrors: ['form.sessionEnded'],
  })
  const headers = new Headers({ 'Set-Cookie': await pendingCookie.serialize('', { maxAge: 0 }) })
  return { restored: { intent: typeof intent === 'string' ? intent : null, result }, headers }
}
