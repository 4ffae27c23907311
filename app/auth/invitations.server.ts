import { randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { invitations, users } from '#db/schema'
import { getDb } from '~/db.server'
import { audit } from './audit.server'
import { hashPassword } from './password.server'
import { sha256 } from './hash'
import { revokeUserSessions } from './session.server'

export const INVITATION_DAYS = 7

/** Creates a one-time set-password link. Only its hash is stored; earlier open links stop working. */
export function createInvitation(userId: number, createdBy: number): string {
  const token = randomBytes(32).toString('base64url')
  const db = getDb()
  db.transaction((tx) => {
    tx.update(invitations)
      .set({ usedAt: new Date().toISOString() })
      .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt)))
      .run()
    tx.insert(invitations)
      .values({
        userId,
        tokenHash: sha256(token),
        createdBy,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString(),
      })
      .run()
    audit({ actorId: createdBy, action: 'invitation.create', entity: 'user', entityId: userId }, tx)
  })
  return `/invite/${token}`
}

/** The open invitation for a token, with its user's name, or null if unknown, used or expired. */
export function findOpenInvitation(token: string) {
  return (
    getDb()
      .select({
        id: invitations.id,
        userId: invitations.userId,
        name: users.name,
        email: users.email,
        role: users.role,
      })
      .from(invitations)
      .innerJoin(users, eq(users.id, invitations.userId))
      .where(
        and(
          eq(invitations.tokenHash, sha256(token)),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, new Date().toISOString()),
          eq(users.disabled, false),
        ),
      )
      .get() ?? null
  )
}

/** Sets the password and spends the invitation in one transaction. */
export async function acceptInvitation(token: string, password: string): Promise<number | null> {
  const invitation = findOpenInvitation(token)
  if (!invitation) return null
  const passwordHash = await hashPassword(password)
  const db = getDb()
  const spent = db.transaction((tx) => {
    const result = tx
      .update(invitations)
      .set({ usedAt: new Date().toISOString() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.usedAt)))
      .run()
    if (result.changes !== 1) return false
    tx.update(users).set({ passwordHash }).where(eq(users.id, invitation.userId)).run()
    audit({ actorId: invitation.userId, action: 'invitation.accept', entity: 'user', entityId: invitation.userId }, tx)
    return true
  })
  if (!spent) return null
  revokeUserSessions(invitation.userId)
  return invitation.userId
}
