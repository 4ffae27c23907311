import { and, asc, eq, isNull } from 'drizzle-orm'
import { adverseEvents, cohorts, participants, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'

export type AdverseEventInput = Omit<
  typeof adverseEvents.$inferInsert,
  'id' | 'participantId' | 'recordedBy' | 'createdAt' | 'acknowledgedBy' | 'acknowledgedAt'
>

/** Appends an adverse event (never edited); a serious one says so in the audit log, and waits for a supervisor. */
export function recordAdverseEvent(participantId: number, input: AdverseEventInput, actorId: number) {
  return getDb().transaction((tx) => {
    const row = tx
      .insert(adverseEvents)
      .values({ participantId, ...input, recordedBy: actorId })
      .returning({ id: adverseEvents.id })
      .get()
    audit(
      {
        actorId,
        action: 'adverse_event.create',
        entity: 'adverse_event',
        entityId: row.id,
        participantId,
        detail: input.serious ? 'serious' : undefined,
      },
      tx,
    )
    return row.id
  })
}

/** Serious adverse events no supervisor has acknowledged yet, oldest report first. */
export function seriousEventsToReview() {
  return getDb()
    .select({
      id: adverseEvents.id,
      participantId: adverseEvents.participantId,
      studyId: participants.studyId,
      cohortName: cohorts.name,
      onsetDate: adverseEvents.onsetDate,
      severity: adverseEvents.severity,
      relatedness: adverseEvents.relatedness,
      expectedness: adverseEvents.expectedness,
      description: adverseEvents.description,
      actionTaken: adverseEvents.actionTaken,
      reportedAt: adverseEvents.createdAt,
      reportedBy: users.name,
    })
    .from(adverseEvents)
    .innerJoin(participants, eq(participants.id, adverseEvents.participantId))
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(users, eq(users.id, adverseEvents.recordedBy))
    .where(and(eq(adverseEvents.serious, true), isNull(adverseEvents.acknowledgedAt)))
    .orderBy(asc(adverseEvents.id))
    .all()
}

/**
 * A supervisor acknowledges a serious event (it leaves the list). False when there is no such
 * unacknowledged serious event (already acknowledged by someone, or not serious).
 */
export function acknowledgeSeriousEvent(eventId: number, actorId: number): boolean {
  return getDb().transaction((tx) => {
    const row = tx
      .update(adverseEvents)
      .set({ acknowledgedBy: actorId, acknowledgedAt: new Date().toISOString() })
      .where(and(eq(adverseEvents.id, eventId), eq(adverseEvents.serious, true), isNull(adverseEvents.acknowledgedAt)))
      .returning({ participantId: adverseEvents.participantId })
      .get()
    if (!row) return false
    audit(
      {
        actorId,
        action: 'adverse_event.acknowledge',
        entity: 'adverse_event',
        entityId: eventId,
        participantId: row.participantId,
      },
      tx,
    )
    return true
  })
}
