import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm'
import { AUDIT_DETAILS_CHANGE, auditLog, cohorts, participants, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { createInvitation } from '~/auth/invitations.server'
import { getDb, type DB } from '~/db.server'
import { localeForLanguage } from '~/i18n/config'
import { participantFacingTextProblems } from './blinding'
import { claimVersion, StaleRecordError } from './record-version.server'

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
    if (
      db
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(trim(${users.email})) = ${normalEmail(p.contactEmail)}`)
        .get()
    ) {
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

/** The form of an email address that two people cannot share: trimmed, case-insensitive. */
export const normalEmail = (email: string) => email.trim().toLowerCase()

/**
 * Whether another participant (as their contact email) or another account (as its sign-in email)
 * already uses this address. `except` leaves out the participant being corrected and their own
 * account.
 */
export function contactEmailTaken(email: string, except?: { participantId: number; userId: number | null }) {
  const db = getDb()
  const wanted = normalEmail(email)
  const participant = db
    .select({ id: participants.id })
    .from(participants)
    .where(
      and(
        sql`lower(trim(${participants.contactEmail})) = ${wanted}`,
        except ? ne(participants.id, except.participantId) : undefined,
      ),
    )
    .get()
  if (participant) return true
  const user = db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        sql`lower(trim(${users.email})) = ${wanted}`,
        except?.userId != null ? ne(users.id, except.userId) : undefined,
      ),
    )
    .get()
  return !!user
}

export const EMAIL_TAKEN = 'Another participant or account already uses this email address. Check it with the person.'

/** A participant's contact details and display name as the correction form shows them, with its version. */
export function participantDetails(participantId: number, db: Pick<DB, 'select'> = getDb()) {
  return (
    db
      .select({
        version: participants.version,
        contactEmail: participants.contactEmail,
        contactPhone: participants.contactPhone,
        userId: participants.userId,
        displayName: users.name,
      })
      .from(participants)
      .leftJoin(users, eq(users.id, participants.userId))
      .where(eq(participants.id, participantId))
      .get() ?? null
  )
}

/** Who last saved a participant's details (enrolment or a correction), for the conflict notice. */
export function lastDetailsSave(participantId: number): { by: string | null; at: string | null } {
  const row = getDb()
    .select({ at: auditLog.at, by: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.participantId, participantId), AUDIT_DETAILS_CHANGE))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get()
  return { by: row?.by ?? null, at: row?.at ?? null }
}

export type DetailsInput = {
  contactEmail: string
  contactPhone: string | null
  /** only for a participant with an account (their display name lives on it) */
  displayName?: string | null
}

/**
 * Corrects a participant's contact details and display name, before or after randomization.
 * Their contact email is also their sign-in email, so an account follows it. A save from an older
 * version throws StaleRecordError (nothing written). Returns the problems (nothing written) or the
 * names of the fields changed (audit-logged by name, never by value); null for no such participant.
 */
export function correctParticipantDetails(
  participantId: number,
  input: DetailsInput,
  version: number,
  actorId: number,
): { problems: { path?: string; message: string }[]; changed: string[] } | null {
  return getDb().transaction((tx) => {
    const current = participantDetails(participantId, tx)
    if (!current) return null
    if (current.version !== version) throw new StaleRecordError('participant', participantId)
    const next = {
      contactEmail: normalEmail(input.contactEmail),
      contactPhone: input.contactPhone?.trim() || null,
      displayName: current.userId === null ? null : input.displayName?.trim() || null,
    }
    const changed: string[] = []
    if (normalEmail(current.contactEmail) !== next.contactEmail) changed.push('contactEmail')
    if ((current.contactPhone ?? null) !== next.contactPhone) changed.push('contactPhone')
    if (current.userId !== null && next.displayName !== current.displayName) changed.push('displayName')
    const problems: { path?: string; message: string }[] = []
    if (
      changed.includes('contactEmail') &&
      contactEmailTaken(next.contactEmail, { participantId, userId: current.userId })
    )
      problems.push({ path: 'contactEmail', message: EMAIL_TAKEN })
    if (changed.includes('displayName'))
      problems.push(...participantFacingTextProblems('displayName', next.displayName ?? '', 'their display name'))
    if (current.userId !== null && !next.displayName)
      problems.push({ path: 'displayName', message: 'Enter the name they see when signed in.' })
    if (current.userId === null && input.displayName)
      problems.push({
        path: 'displayName',
        message: 'This participant has no login yet: their display name is set when they are invited.',
      })
    if (problems.length || changed.length === 0) return { problems, changed: [] }
    claimVersion(tx, participants, 'participant', participantId, version)
    tx.update(participants)
      .set({ contactEmail: next.contactEmail, contactPhone: next.contactPhone })
      .where(eq(participants.id, participantId))
      .run()
    if (current.userId !== null)
      tx.update(users)
        .set({ email: next.contactEmail, name: next.displayName! })
        .where(eq(users.id, current.userId))
        .run()
    audit(
      {
        actorId,
        action: 'participant.details.update',
        entity: 'participant',
        entityId: participantId,
        participantId,
        detail: `fields=${changed.join(',')}`,
      },
      tx,
    )
    return { problems: [], changed }
  })
}
