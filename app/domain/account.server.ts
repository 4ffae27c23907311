import { and, eq, ne } from 'drizzle-orm'
import { authSessions, users, type Locale } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { hashPassword, verifyPassword } from '~/auth/password.server'
import { sha256 } from '~/auth/hash'
import { recordAttemptAndCheck } from '~/auth/session.server'
import { getDb } from '~/db.server'
import type { TimeZone } from './time-zones'

/** Problems are i18n keys (ADR 011): the account page is shown in the person's page language. */
export type AccountProblem = { path?: string; message: string }

export function getAccount(userId: number) {
  return (
    getDb()
      .select({
        name: users.name,
        email: users.email,
        role: users.role,
        timeZone: users.timeZone,
        locale: users.locale,
      })
      .from(users)
      .where(eq(users.id, userId))
      .get() ?? null
  )
}

/**
 * Changes a password after checking the current one (counted like a sign-in attempt, so a left-open
 * session cannot be used to guess it). Other sessions of the account end; this one stays.
 */
export async function changePassword(
  user: { id: number; email: string },
  input: { current: string; next: string },
  keepSessionToken: string | null,
  address: string,
): Promise<AccountProblem[]> {
  if (recordAttemptAndCheck(user.email, address).throttled) {
    return [{ message: 'password.tooManyAttempts' }]
  }
  const row = getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id)).get()
  if (!(await verifyPassword(input.current, row?.hash ?? null))) {
    return [{ path: 'current', message: 'password.wrongCurrent' }]
  }
  if (input.current === input.next) return [{ path: 'password', message: 'password.sameAsCurrent' }]
  const hash = await hashPassword(input.next)
  getDb().transaction((tx) => {
    tx.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id)).run()
    const others = keepSessionToken
      ? and(eq(authSessions.userId, user.id), ne(authSessions.id, sha256(keepSessionToken)))
      : eq(authSessions.userId, user.id)
    tx.delete(authSessions).where(others).run()
    audit({ actorId: user.id, action: 'account.password', entity: 'user', entityId: user.id }, tx)
  })
  return []
}

export function setTimeZone(userId: number, timeZone: TimeZone) {
  getDb().transaction((tx) => {
    tx.update(users).set({ timeZone }).where(eq(users.id, userId)).run()
    audit({ actorId: userId, action: 'account.time-zone', entity: 'user', entityId: userId }, tx)
  })
}

/** The language a person's pages are shown in (participants; staff pages stay English). */
export function setLocale(userId: number, locale: Locale) {
  getDb().update(users).set({ locale }).where(eq(users.id, userId)).run()
}
