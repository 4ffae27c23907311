import { and, eq, isNull } from 'drizzle-orm'
import { cohorts, participants, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { createInvitation } from '~/auth/invitations.server'
import { getDb } from '~/db.server'
import { localeForLanguage } from '~/i18n/config'

export class InviteError extends Error {}

export function participantCohortId(participantId: number): number | null {
  return (
    getDb()
      .select({ cohortId: participants.cohortId })
      .from(participants)
      .where(eq(participants.id, participantId))
      .get()?.cohortId ?? null
  )
}

/**
 * Gives a randomized participant a login (role participant, their contact email) and returns the
 * one-time set-password link. Not before they have a group: there is nothing to see until then.
 */
export function inviteParticipant(participantId: number, name: string, actorId: number): string {
  const db = getDb()
  const p = db.select().from(participants).where(eq(participants.id, participantId)).get()
  if (!p) throw new InviteError('No such participant.')
  if (p.groupId === null) throw new InviteError('Randomize this participant before inviting them.')
  let userId = p.userId
  if (userId === null) {
    if (db.select({ id: users.id }).from(users).where(eq(users.email, p.contactEmail)).get()) {
      throw new InviteError('Another account already uses this contact email.')
    }
    userId = db.transaction((tx) => {
      // Times are shown in the participant's zone; until they say otherwise, their cohort's.
      const { timeZone } = tx
        .select({ timeZone: cohorts.timeZone })
        .from(cohorts)
        .where(eq(cohorts.id, p.cohortId))
        .get()!
      const u = tx
        .insert(users)
        .values({ role: 'participant', email: p.contactEmail, name, timeZone, locale: localeForLanguage(p.language) })
        .returning({ id: users.id })
        .get()
      const linked = tx
        .update(participants)
        .set({ userId: u.id })
        .where(and(eq(participants.id, p.id), isNull(participants.userId)))
        .run()
      if (linked.changes !== 1) throw new InviteError('This participant was invited by someone else just now.')
      audit({ actorId, action: 'participant.invite', entity: 'participant', entityId: p.id, participantId: p.id }, tx)
      return u.id
    })
  }
  return createInvitation(userId, actorId)
}
