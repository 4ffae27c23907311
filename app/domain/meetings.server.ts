import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm'
import {
  attendance,
  checkinAttendance,
  fidelityChecks,
  meetingFacilitators,
  meetings,
  toxResults,
  users,
  type ATTENDANCE_STATUSES,
  type MEETING_STATUSES,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb, idList, preparedPerConnection, type DB } from '~/db.server'
import { sampleHeldMeeting } from './audit-queue.server'
import { claimVersion, StaleRecordError } from './record-version.server'

export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
export type MeetingStatus = (typeof MEETING_STATUSES)[number]

/** A week's record as the session screen reads it, prepared once per connection. */
function prepareRecordQueries(db: DB) {
  const meetingId = sql.placeholder('meetingId')
  return {
    meeting: db
      .select()
      .from(meetings)
      .where(and(eq(meetings.groupId, sql.placeholder('groupId')), eq(meetings.week, sql.placeholder('week'))))
      .prepare(),
    savedBy: db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, sql.placeholder('userId')))
      .prepare(),
    checkin: db.select().from(checkinAttendance).where(eq(checkinAttendance.meetingId, meetingId)).prepare(),
    attendance: db.select().from(attendance).where(eq(attendance.meetingId, meetingId)).prepare(),
    fidelity: db.select().from(fidelityChecks).where(eq(fidelityChecks.meetingId, meetingId)).prepare(),
    facilitators: db.select().from(meetingFacilitators).where(eq(meetingFacilitators.meetingId, meetingId)).prepare(),
    toxBetween: db
      .select({
        participantId: toxResults.participantId,
        collectedOn: toxResults.collectedOn,
        period: toxResults.period,
        results: toxResults.results,
      })
      .from(toxResults)
      .where(
        and(
          inArray(toxResults.participantId, idList('participantIds')),
          gte(toxResults.collectedOn, sql.placeholder('from')),
          lte(toxResults.collectedOn, sql.placeholder('to')),
        ),
      )
      .orderBy(asc(toxResults.id))
      .prepare(),
  }
}
const recordQueries = preparedPerConnection(prepareRecordQueries)

export function getMeetingRecord(groupId: number, week: number) {
  const q = recordQueries()
  const meeting = q.meeting.get({ groupId, week })
  if (!meeting) return null
  const savedBy = meeting.recordedBy ? (q.savedBy.get({ userId: meeting.recordedBy })?.name ?? null) : null
  const meetingId = meeting.id
  return {
    meeting,
    savedBy,
    checkin: q.checkin.all({ meetingId }),
    attendance: q.attendance.all({ meetingId }),
    fidelity: q.fidelity.all({ meetingId }),
    facilitatorIds: q.facilitators.all({ meetingId }).map((f) => f.userId),
  }
}

/**
 * A new week's meeting. Another process (the server runs a cluster) may have created the same week
 * between our read and this insert: the unique index refuses it, and that is a stale save too.
 */
function insertMeeting(tx: Pick<DB, 'insert'>, values: typeof meetings.$inferInsert): number {
  try {
    return tx.insert(meetings).values(values).returning({ id: meetings.id }).get().id
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StaleRecordError('meeting', null)
    throw error
  }
}

export type MeetingInput = {
  /** the version the form was opened from; 0 = not recorded yet (ADR 013) */
  version: number
  groupId: number
  week: number
  scheduledAt: string
  status: MeetingStatus
  checkinMinutes: number | null
  groupMinutes: number | null
  notes: string | null
  lesson: { slug: string; hash: string } | null
  facilitatorIds: number[]
  /** the 30-minute check-in: everyone still in the study (omitted: none recorded) */
  checkin?: { participantId: number; status: AttendanceStatus }[]
  /** the 60-minute group: the roster only */
  attendance: { participantId: number; status: AttendanceStatus; note: string | null }[]
  /** fidelity item id → delivered */
  fidelity: Record<string, boolean>
}

/**
 * Records (or edits) a week's meeting in one transaction: check-in attendance (everyone still in
 * the study) and group attendance (the roster) are kept apart, with the content hash of the lesson
 * taught. A missed or cancelled meeting keeps no attendance, minutes or checklist. Every write
 * is audit-logged, per participant for attendance. A save based on an older version than the one
 * stored throws StaleRecordError before anything is written (ADR 013).
 */
export function saveMeeting(input: MeetingInput, actorId: number): number {
  const db = getDb()
  return db.transaction((tx) => {
    const held = input.status === 'held'
    const existing = tx
      .select({
        id: meetings.id,
        status: meetings.status,
        lessonSlug: meetings.lessonSlug,
        contentHash: meetings.contentHash,
      })
      .from(meetings)
      .where(and(eq(meetings.groupId, input.groupId), eq(meetings.week, input.week)))
      .get()
    claimVersion(tx, meetings, 'meeting', existing?.id ?? null, input.version)
    const values = {
      status: input.status,
      scheduledAt: input.scheduledAt,
      checkinMinutes: held ? input.checkinMinutes : null,
      groupMinutes: held ? input.groupMinutes : null,
      notes: input.notes,
      // The version taught is recorded once; later edits to notes or attendance keep it.
      ...(existing?.status === 'held' && existing.contentHash && held
        ? {}
        : {
            lessonSlug: held ? (input.lesson?.slug ?? null) : null,
            contentHash: held ? (input.lesson?.hash ?? null) : null,
          }),
      recordedBy: actorId,
      updatedAt: new Date().toISOString(),
    }
    const meetingId = existing
      ? (tx.update(meetings).set(values).where(eq(meetings.id, existing.id)).run(), existing.id)
      : insertMeeting(tx, { groupId: input.groupId, week: input.week, ...values })

    tx.delete(meetingFacilitators).where(eq(meetingFacilitators.meetingId, meetingId)).run()
    // Only the people on this form are rewritten: someone who has since left the roster (declined
    // at week 8, withdrew) keeps the attendance recorded for them.
    const checkin = input.checkin ?? []
    if (held) {
      const ids = input.attendance.map((a) => a.participantId)
      if (ids.length)
        tx.delete(attendance)
          .where(and(eq(attendance.meetingId, meetingId), inArray(attendance.participantId, ids)))
          .run()
      const checkinIds = checkin.map((c) => c.participantId)
      if (checkinIds.length)
        tx.delete(checkinAttendance)
          .where(and(eq(checkinAttendance.meetingId, meetingId), inArray(checkinAttendance.participantId, checkinIds)))
          .run()
    } else {
      tx.delete(attendance).where(eq(attendance.meetingId, meetingId)).run()
      tx.delete(checkinAttendance).where(eq(checkinAttendance.meetingId, meetingId)).run()
    }
    tx.delete(fidelityChecks).where(eq(fidelityChecks.meetingId, meetingId)).run()
    for (const userId of input.facilitatorIds) tx.insert(meetingFacilitators).values({ meetingId, userId }).run()
    if (held) {
      for (const a of input.attendance) {
        tx.insert(attendance)
          .values({ meetingId, ...a })
          .run()
        audit(
          {
            actorId,
            action: existing ? 'attendance.update' : 'attendance.create',
            entity: 'meeting',
            entityId: meetingId,
            participantId: a.participantId,
          },
          tx,
        )
      }
      for (const c of checkin) {
        tx.insert(checkinAttendance)
          .values({ meetingId, ...c })
          .run()
        audit(
          {
            actorId,
            action: existing ? 'checkin_attendance.update' : 'checkin_attendance.create',
            entity: 'meeting',
            entityId: meetingId,
            participantId: c.participantId,
          },
          tx,
        )
      }
      for (const [itemId, delivered] of Object.entries(input.fidelity)) {
        tx.insert(fidelityChecks).values({ meetingId, itemId, delivered }).run()
      }
    }
    audit(
      {
        actorId,
        action: existing ? 'meeting.update' : 'meeting.create',
        entity: 'meeting',
        entityId: meetingId,
        detail: `week=${input.week} status=${input.status}`,
      },
      tx,
    )
    sampleHeldMeeting(tx, meetingId) // the fidelity audit draw, once, when first held (ADR 014)
    return meetingId
  })
}

/** Toxicology results of these people collected between two calendar dates (inclusive), as recorded. */
export function toxCollectedBetween(participantIds: readonly number[], from: string, to: string) {
  if (!participantIds.length) return []
  return recordQueries().toxBetween.all({ participantIds: JSON.stringify(participantIds), from, to })
}
