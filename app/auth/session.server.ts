import { randomBytes } from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import { and, count, eq, gt, lt, sql } from 'drizzle-orm'
import { authSessions, loginAttempts, users } from '#db/schema'
import { getDb, preparedPerConnection } from '~/db.server'
import { env } from '~/env.server'
import { createToastHeaders } from '~/utils/toast.server'
import { sha256 } from './hash'
import { stashSubmission } from './pending-submission.server'
import { isStaff } from './permissions'

/**
 * Sessions (ADR 001): the cookie holds only a random token; the database holds its sha256 with
 * an absolute expiry and a last-seen time. Staff sessions also end after STAFF_IDLE_MINUTES idle.
 */
const SESSION_DAYS = 14
const TOUCH_EVERY_MS = 60_000

export const sessionCookie = createCookie('__session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SESSION_DAYS * 86_400,
  get secure() {
    return env().APP_MODE === 'production'
  },
  get secrets() {
    return [env().SESSION_SECRET]
  },
})

export type SessionUser = typeof users.$inferSelect

export async function createSession(userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const now = new Date()
  getDb()
    .insert(authSessions)
    .values({
      id: sha256(token),
      userId,
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    })
    .run()
  return sessionCookie.serialize(token)
}

/** The session token the request carries (signed cookie), or null. */
export async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** Every request runs this query: prepare it once per connection (drizzle's builder is not free). */
const sessionLookup = preparedPerConnection((db) =>
  db
    .select({ session: authSessions, user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(eq(authSessions.id, sql.placeholder('id')))
    .prepare(),
)

/**
 * Root and route loaders of one request ask the same question: answer it once per request.
 * Remix hands each loader its own Request object, so the answer is keyed by the request id that
 * server.js stamps on every incoming request (a client-sent one is overwritten), falling back to
 * the Request object itself (tests, scripts). Ids are random: no answer is shared across requests.
 */
type Lookup = { user: SessionUser | null; lapsedUserId: number | null }
const perRequest = new WeakMap<Request, Promise<Lookup>>()
const perRequestId = new Map<string, Promise<Lookup>>()
const MAX_REMEMBERED = 256

function lookupOnce(request: Request): Promise<Lookup> {
  const id = request.headers.get('x-request-id')
  let answer = id ? perRequestId.get(id) : perRequest.get(request)
  if (!answer) {
    answer = lookupSessionUser(request)
    if (id) {
      perRequestId.set(id, answer)
      if (perRequestId.size > MAX_REMEMBERED) perRequestId.delete(perRequestId.keys().next().value!)
    } else perRequest.set(request, answer)
  }
  return answer
}

/** The signed-in, enabled user, or null. Expired and idle sessions are deleted on sight. */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  return (await lookupOnce(request)).user
}

/** Whose session lapsed on this very request (idle or expired), so their input can be kept. */
export async function lapsedSessionUserId(request: Request): Promise<number | null> {
  return (await lookupOnce(request)).lapsedUserId
}

async function lookupSessionUser(request: Request): Promise<Lookup> {
  const none = { user: null, lapsedUserId: null }
  const token = await sessionToken(request)
  if (!token) return none
  const db = getDb()
  const id = sha256(token)
  const row = sessionLookup(db).get({ id })
  if (!row || row.user.disabled) return none
  const now = Date.now()
  const idleLimit = env().STAFF_IDLE_MINUTES * 60_000
  const expired = Date.parse(row.session.expiresAt) <= now
  const idle = isStaff(row.user.role) && now - Date.parse(row.session.lastSeenAt) > idleLimit
  if (expired || idle) {
    db.delete(authSessions).where(eq(authSessions.id, id)).run()
    return { user: null, lapsedUserId: row.user.id }
  }
  if (now - Date.parse(row.session.lastSeenAt) > TOUCH_EVERY_MS) {
    db.update(authSessions)
      .set({ lastSeenAt: new Date(now).toISOString() })
      .where(eq(authSessions.id, id))
      .run()
  }
  return { user: row.user, lapsedUserId: null }
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) {
    const url = new URL(request.url)
    const redirectTo = url.pathname.replace(/\.data$/, '') + url.search
    const login = `/login?redirectTo=${encodeURIComponent(redirectTo)}`
    // A form sent after its sender's session lapsed is kept for them, not thrown away.
    const lapsed = request.method === 'POST' ? await lapsedSessionUserId(request) : null
    if (lapsed !== null) {
      const cookie = await stashSubmission(request, lapsed)
      if (cookie) {
        const headers = await createToastHeaders({
          type: 'message',
          // an i18n key: a participant reads it in their language, staff in English
          description: 'toast.sessionEnded',
        })
        headers.append('Set-Cookie', cookie)
        throw redirect(login, { headers })
      }
    }
    throw redirect(login)
  }
  return user
}

export async function destroySession(request: Request): Promise<string> {
  const token = await sessionToken(request)
  if (token)
    getDb()
      .delete(authSessions)
      .where(eq(authSessions.id, sha256(token)))
      .run()
  return sessionCookie.serialize('', { maxAge: 0 })
}

export function revokeUserSessions(userId: number) {
  getDb().delete(authSessions).where(eq(authSessions.userId, userId)).run()
}

/* ---- login throttling: per account and per address, sliding window ---- */

export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 20 }

export function throttleKeys(email: string, address: string) {
  return [`account:${email.toLowerCase()}`, `address:${address}`]
}

/**
 * Counts this sign-in attempt and says whether it is over the limit, in one synchronous step
 * (better-sqlite3 runs it without yielding), BEFORE the password is checked: parallel guesses
 * cannot slip in between the check and the count. A successful sign-in clears the account's count.
 */
export function recordAttemptAndCheck(email: string, address: string): { throttled: boolean; at: string } {
  const db = getDb()
  const now = Date.now()
  const since = new Date(now - THROTTLE.windowMinutes * 60_000).toISOString()
  const [account, addr] = throttleKeys(email, address)
  return db.transaction(
    (tx) => {
      const attempts = (key: string) =>
        tx
          .select({ n: count() })
          .from(loginAttempts)
          .where(and(eq(loginAttempts.key, key), gt(loginAttempts.at, since)))
          .get()!.n
      const throttled = attempts(account) >= THROTTLE.perAccount || attempts(addr) >= THROTTLE.perAddress
      const at = new Date(now).toISOString()
      tx.insert(loginAttempts)
        .values([account, addr].map((key) => ({ key, at })))
        .run()
      tx.delete(loginAttempts)
        .where(lt(loginAttempts.at, new Date(now - 24 * 3600_000).toISOString()))
        .run()
      return { throttled, at }
    },
    { behavior: 'immediate' },
  )
}

/** A successful sign-in is not a failure: clear the account's attempts and this attempt's address row. */
export function clearFailedLogins(email: string, address: string, at: string) {
  const [account, addr] = throttleKeys(email, address)
  const db = getDb()
  db.delete(loginAttempts).where(eq(loginAttempts.key, account)).run()
  db.delete(loginAttempts)
    .where(and(eq(loginAttempts.key, addr), eq(loginAttempts.at, at)))
    .run()
}

/** Client address, set by server.js from the connection (or, with TRUST_PROXY, the proxy's header). */
export function clientAddress(request: Request): string {
  return request.headers.get('x-client-address') ?? 'unknown'
}
