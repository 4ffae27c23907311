import { eq } from 'drizzle-orm'
import { users } from '#db/schema'
import { getDb } from '~/db.server'
import { verifyPassword } from './password.server'
import {
  clearFailedLogins,
  clientAddress,
  createSession,
  recordAttemptAndCheck,
  type SessionUser,
} from './session.server'

type SignInResult = { ok: true; user: SessionUser; cookie: string } | { ok: false; status: 401 | 429; message: string }

/** Checks credentials with throttling per account and per address; one message for every miss. */
export async function signIn(email: string, password: string, request: Request): Promise<SignInResult> {
  const address = clientAddress(request)
  const attempt = recordAttemptAndCheck(email, address)
  if (attempt.throttled) {
    return { ok: false, status: 429, message: 'login.tooMany' }
  }
  const user = getDb().select().from(users).where(eq(users.email, email)).get()
  const valid = await verifyPassword(password, user?.passwordHash ?? null)
  if (!user || !valid || user.disabled) {
    return { ok: false, status: 401, message: 'login.noMatch' }
  }
  clearFailedLogins(email, address, attempt.at)
  return { ok: true, user, cookie: await createSession(user.id) }
}
