import { desc, eq } from 'drizzle-orm'
import { attendance, fidelityAudits, fidelityChecks, groups, meetings, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { isAttended } from './adherence'

/** A held meeting with what a rater needs: the lesson as taught, the facilitator's checklist, earlier audits. */
export function meetingForAudit(meetingId: number) {
  const db = getDb()
  const row = db
    .select({ meeting: meetings, groupName: groups.name, arm: groups.arm, cohortId: groups.cohortId })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(eq(meetings.id, meetingId))
    .get()
  if (!row) return null
  const lesson = findLessonMeta(row.arm, row.meeting.week)
  const present = db
    .select({ status: attendance.status })
    .from(attendance)
    .where(eq(attendance.meetingId, meetingId))
    .all()
    .filter((a) => isAttended(a.status)).length
  return {
    ...row,
    lesson,
    /** true when the lesson file has changed since the session was taught */
    contentChanged: !!lesson && !!row.meeting.contentHash && lesson.hash !== row.meeting.contentHash,
    present,
    selfChecked: Object.fromEntries(
      db
        .select()
        .from(fidelityChecks)
        .where(eq(fidelityChecks.meetingId, meetingId))
        .all()
        .map((c) => [c.itemId, c.delivered]),
    ),
    audits: db
      .select({ audit: fidelityAudits, rater: users.name })
      .from(fidelityAudits)
      .innerJoin(users, eq(users.id, fidelityAudits.raterId))
      .where(eq(fidelityAudits.meetingId, meetingId))
      .orderBy(desc(fidelityAudits.createdAt))
      .all(),
  }
}

export type AuditInput = {
  itemRatings: Record<string, number>
  domainRatings: Record<string, number>
  proscribedObserved: string[]
  comments: string | null
}

export function saveAudit(meetingId: number, raterId: number, input: AuditInput) {
  getDb().transaction((tx) => {
    const row = tx
      .insert(fidelityAudits)
      .values({ meetingId, raterId, ...input })
      .returning({ id: fidelityAudits.id })
      .get()
    audit(
      {
        actorId: raterId,
        action: 'fidelity_audit.create',
        entity: 'meeting',
        entityId: meetingId,
        detail: `audit=${row.id}`,
      },
      tx,
    )
  })
}
