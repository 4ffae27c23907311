import { and, asc, eq, ne } from 'drizzle-orm'
import { users, type Role } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { createInvitation } from '~/auth/invitations.server'
import { revokeUserSessions } from '~/auth/session.server'
import { getDb } from '~/db.server'

/**
 * Staff accounts, for the admin's users page. Participants' logins are not listed: who is in the
 * programme is participant data, which the admin does not read (ADR 009); their coordinators
 * manage them from the cohort page.
 */
export function listUsers() {
  return getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabled: users.disabled,
      hasPassword: users.passwordHash,
    })
    .from(users)
    .where(ne(users.role, 'participant'))
    .orderBy(asc(users.role), asc(users.name))
    .all()
    .map((u) => ({ ...u, hasPassword: u.hasPassword !== null }))
}

export function findUserByEmail(email: string) {
  return getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get() ?? null
}

/** Creates an account with no password and returns its one-time set-password link. */
export function inviteUser(input: { name: string; email: string; role: Role; timeZone?: string }, actorId: number) {
  const db = getDb()
  const user = db
    .insert(users)
    .values({
      name: input.name,
      email: input.email,
      role: input.role,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    })
    .returning({ id: users.id })
    .get()
  audit({ actorId, action: 'user.create', entity: 'user', entityId: user.id, detail: `role=${input.role}` })
  return { userId: user.id, link: createInvitation(user.id, actorId) }
}

/** A user's id and name, or null when there is no such account. */
export function findUser(userId: number) {
  return (
    getDb()
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(eq(users.id, userId))
      .get() ?? null
  )
}

export function setUserDisabled(userId: number, disabled: boolean, actorId: number) {
  getDb().transaction((tx) => {
    tx.update(users).set({ disabled }).where(eq(users.id, userId)).run()
    audit({ actorId, action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: userId }, tx)
  })
  if (disabled) revokeUserSessions(userId)
}

export function listFacilitators() {
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'facilitator'), eq(users.disabled, false)))
    .orderBy(asc(users.name))
    .all()
}
