import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm'
import {
  attendance,
  cohorts,
  fidelityAuditVersions,
  fidelityAudits,
  fidelityChecks,
  fidelitySamples,
  groupFacilitators,
  groups,
  meetingFacilitators,
  meetings,
  users,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { findLessonMeta } from '~/content/content.server'
import { getDb, idList, preparedPerConnection, type DB } from '~/db.server'
import { isAttended } from './adherence'
import { auditStatusOfMeetings, enqueueByHand } from './audit-queue.server'
import {
  acknowledgeRefusal,
  adherencePercent,
  auditDisplayValues,
  auditEditRefusal,
  competenceScale,
  ITEM_RATINGS,
  meanCompetence,
} from './fidelity'
import { changedFields } from './record-version'
import { claimVersion, StaleRecordError } from './record-version.server'

/** An audit write refused by the release/edit rules (not a version conflict). */
export class AuditRefusedError extends Error {}

function selfCheckedOf(meetingId: number): Record<string, boolean> {
  return Object.fromEntries(
    feedbackQueries()
      .selfChecked.all({ meetingId })
      .map((c) => [c.itemId, c.delivered]),
  )
}

/** A held meeting with what a rater needs: the lesson as taught, the facilitator's checklist, the sample, audits. */
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
    selfChecked: selfCheckedOf(meetingId),
    sample: db.select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get() ?? null,
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

/** This rater's audit of this session (one per rater per session), if any. */
export function ownAudit(meetingId: number, raterId: number) {
  return (
    getDb()
      .select()
      .from(fidelityAudits)
      .where(and(eq(fidelityAudits.meetingId, meetingId), eq(fidelityAudits.raterId, raterId)))
      .orderBy(desc(fidelityAudits.id))
      .get() ?? null
  )
}

/**
 * Creates this rater's audit of the session (expectedVersion 0) or edits it (the version the form
 * was opened from). An edit keeps the previous version in fidelity_audit_versions and logs the
 * changed fields. Only the rater can edit, and only until the audit is released
 * (AuditRefusedError); a stale version throws StaleRecordError. Nothing is written on either.
 * Auditing a session that is not in the queue adds it by hand. Returns the audit id.
 */
export function saveAudit(meetingId: number, raterId: number, input: AuditInput, expectedVersion: number): number {
  return getDb().transaction((tx) => {
    const existing = tx
      .select()
      .from(fidelityAudits)
      .where(and(eq(fidelityAudits.meetingId, meetingId), eq(fidelityAudits.raterId, raterId)))
      .orderBy(desc(fidelityAudits.id))
      .get()
    if (!existing) {
      claimVersion(tx, fidelityAudits, 'fidelity_audit', null, expectedVersion)
      const row = tx
        .insert(fidelityAudits)
        .values({ meetingId, raterId, ...input })
        .returning({ id: fidelityAudits.id })
        .get()
      enqueueByHand(tx, meetingId, raterId)
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
      return row.id
    }
    if (expectedVersion === 0) throw new StaleRecordError('fidelity_audit', existing.id)
    const refusal = auditEditRefusal(existing, raterId)
    if (refusal) throw new AuditRefusedError(refusal)
    claimVersion(tx, fidelityAudits, 'fidelity_audit', existing.id, expectedVersion)
    tx.insert(fidelityAuditVersions)
      .values({
        auditId: existing.id,
        version: existing.version,
        itemRatings: existing.itemRatings,
        domainRatings: existing.domainRatings,
        proscribedObserved: existing.proscribedObserved,
        comments: existing.comments,
        savedAt: existing.updatedAt ?? existing.createdAt,
      })
      .run()
    tx.update(fidelityAudits)
      .set({ ...input, updatedAt: new Date().toISOString() })
      .where(eq(fidelityAudits.id, existing.id))
      .run()
    const labels = Object.fromEntries(
      Object.keys({ ...auditDisplayValues(existing), ...auditDisplayValues(input) }).map((k) => [k, k]),
    )
    const changed = changedFields(auditDisplayValues(input), auditDisplayValues(existing), labels)
    audit(
      {
        actorId: raterId,
        action: 'fidelity_audit.update',
        entity: 'meeting',
        entityId: meetingId,
        detail: `audit=${existing.id} version=${expectedVersion + 1} changed=${changed.map((c) => c.field).join(',') || 'none'}`,
      },
      tx,
    )
    return existing.id
  })
}

/** The rater releases their audit to the facilitator as feedback; from then on it is read-only. */
export function releaseAudit(auditId: number, raterId: number, expectedVersion: number) {
  getDb().transaction((tx) => {
    const a = tx.select().from(fidelityAudits).where(eq(fidelityAudits.id, auditId)).get()
    if (!a) throw new AuditRefusedError('No such audit.')
    const refusal = auditEditRefusal(a, raterId)
    if (refusal) throw new AuditRefusedError(refusal)
    claimVersion(tx, fidelityAudits, 'fidelity_audit', auditId, expectedVersion)
    tx.update(fidelityAudits)
      .set({ releasedAt: new Date().toISOString(), releasedBy: raterId })
      .where(eq(fidelityAudits.id, auditId))
      .run()
    audit(
      {
        actorId: raterId,
        action: 'fidelity_audit.release',
        entity: 'meeting',
        entityId: a.meetingId,
        detail: `audit=${auditId}`,
      },
      tx,
    )
  })
}

/** The facilitator acknowledges released feedback (once). */
export function acknowledgeFeedback(auditId: number, actorId: number) {
  getDb().transaction((tx) => {
    const a = tx
      .select({ audit: fidelityAudits, groupId: meetings.groupId })
      .from(fidelityAudits)
      .innerJoin(meetings, eq(meetings.id, fidelityAudits.meetingId))
      .where(eq(fidelityAudits.id, auditId))
      .get()
    if (!a) throw new AuditRefusedError('No such feedback.')
    const leaders = tx
      .select({ id: groupFacilitators.userId })
      .from(groupFacilitators)
      .where(eq(groupFacilitators.groupId, a.groupId))
      .all()
      .map((r) => r.id)
    const refusal = acknowledgeRefusal(a.audit, actorId, leaders)
    if (refusal) throw new AuditRefusedError(refusal)
    tx.update(fidelityAudits)
      .set({ acknowledgedAt: new Date().toISOString(), acknowledgedBy: actorId })
      .where(eq(fidelityAudits.id, auditId))
      .run()
    audit(
      {
        actorId,
        action: 'fidelity_feedback.acknowledge',
        entity: 'meeting',
        entityId: a.audit.meetingId,
        detail: `audit=${auditId}`,
      },
      tx,
    )
  })
}

/** Earlier versions of an audit, newest first. */
export function auditVersions(auditId: number) {
  return getDb()
    .select()
    .from(fidelityAuditVersions)
    .where(eq(fidelityAuditVersions.auditId, auditId))
    .orderBy(desc(fidelityAuditVersions.version))
    .all()
}

/**
 * Released feedback on these sessions (only released audits: a facilitator never sees a draft),
 * with the ratings and the lesson's wording, oldest session first.
 */
/** Released audits of some sessions, or of some groups' sessions: prepared once per connection. */
function prepareFeedbackQueries(db: DB) {
  const released = (where: SQL) =>
    db
      .select({
        audit: fidelityAudits,
        rater: users.name,
        week: meetings.week,
        meetingId: meetings.id,
        groupId: groups.id,
        groupName: groups.name,
        arm: groups.arm,
      })
      .from(fidelityAudits)
      .innerJoin(users, eq(users.id, fidelityAudits.raterId))
      .innerJoin(meetings, eq(meetings.id, fidelityAudits.meetingId))
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(and(isNotNull(fidelityAudits.releasedAt), where))
      .orderBy(asc(meetings.week), asc(fidelityAudits.id))
      .prepare()
  return {
    ofMeetings: released(inArray(fidelityAudits.meetingId, idList('ids'))),
    ofGroups: released(inArray(meetings.groupId, idList('ids'))),
    selfChecked: db
      .select()
      .from(fidelityChecks)
      .where(eq(fidelityChecks.meetingId, sql.placeholder('meetingId')))
      .prepare(),
  }
}
const feedbackQueries = preparedPerConnection(prepareFeedbackQueries)

export function releasedFeedback(where: { meetingIds: number[] } | { groupIds: number[] }) {
  const q = feedbackQueries()
  const rows =
    'meetingIds' in where
      ? q.ofMeetings.all({ ids: JSON.stringify(where.meetingIds) })
      : q.ofGroups.all({ ids: JSON.stringify(where.groupIds) })
  return rows.map((r) => ({ ...r, lesson: findLessonMeta(r.arm, r.week), selfChecked: selfCheckedOf(r.meetingId) }))
}

/** Every audit with what the reports need: session, arm, facilitators, rater, lesson, self-checklist. */
export function auditsForReports() {
  const db = getDb()
  const rows = db
    .select({
      audit: fidelityAudits,
      rater: users.name,
      meetingId: meetings.id,
      week: meetings.week,
      scheduledAt: meetings.scheduledAt,
      arm: groups.arm,
      groupName: groups.name,
      cohortName: cohorts.name,
    })
    .from(fidelityAudits)
    .innerJoin(users, eq(users.id, fidelityAudits.raterId))
    .innerJoin(meetings, eq(meetings.id, fidelityAudits.meetingId))
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
    .orderBy(asc(meetings.scheduledAt), asc(fidelityAudits.id))
    .all()
  const ids = [...new Set(rows.map((r) => r.meetingId))]
  const leaders = new Map<number, { id: number; name: string }[]>()
  const checks = new Map<number, Record<string, boolean>>()
  if (ids.length) {
    for (const f of db
      .select({ meetingId: meetingFacilitators.meetingId, id: users.id, name: users.name })
      .from(meetingFacilitators)
      .innerJoin(users, eq(users.id, meetingFacilitators.userId))
      .where(inArray(meetingFacilitators.meetingId, ids))
      .all())
      leaders.set(f.meetingId, [...(leaders.get(f.meetingId) ?? []), { id: f.id, name: f.name }])
    for (const c of db.select().from(fidelityChecks).where(inArray(fidelityChecks.meetingId, ids)).all())
      checks.set(c.meetingId, { ...(checks.get(c.meetingId) ?? {}), [c.itemId]: c.delivered })
  }
  return rows.map((r) => ({
    ...r,
    facilitators: leaders.get(r.meetingId) ?? [],
    selfChecked: checks.get(r.meetingId) ?? {},
    lesson: findLessonMeta(r.arm, r.week),
  }))
}

/**
 * Released feedback as the facilitator sees it: ratings with the lesson's wording, their own
 * checklist tick beside each item, comments, and whether it has been acknowledged.
 */
export function feedbackView(where: Parameters<typeof releasedFeedback>[0]) {
  return releasedFeedback(where).map((r) => {
    const scale = competenceScale(r.arm)
    const lesson = r.lesson
    const itemIds = lesson?.fidelity.map((f) => f.id) ?? Object.keys(r.audit.itemRatings)
    const domainIds = lesson?.competence.map((c) => c.id) ?? Object.keys(r.audit.domainRatings)
    return {
      auditId: r.audit.id,
      meetingId: r.meetingId,
      groupId: r.groupId,
      groupName: r.groupName,
      week: r.week,
      rater: r.rater,
      releasedAt: r.audit.releasedAt!,
      acknowledgedAt: r.audit.acknowledgedAt,
      adherence: adherencePercent(r.audit.itemRatings, itemIds),
      competence: meanCompetence(r.audit.domainRatings, domainIds),
      scale: { name: scale.name, min: scale.min, max: scale.max },
      items: itemIds.map((id) => ({
        text: lesson?.fidelity.find((f) => f.id === id)?.text ?? id,
        rating: ITEM_RATINGS.find((x) => x.value === r.audit.itemRatings[id])?.label ?? 'Not rated',
        ticked: r.selfChecked[id] ?? false,
      })),
      domains: domainIds.map((id) => ({
        text: lesson?.competence.find((c) => c.id === id)?.text ?? id,
        rating: r.audit.domainRatings[id] ?? null,
        label: scale.points.find((p) => p.value === r.audit.domainRatings[id])?.label ?? '',
      })),
      proscribed: r.audit.proscribedObserved.map((id) => lesson?.proscribed.find((p) => p.id === id)?.text ?? id),
      comments: r.audit.comments,
    }
  })
}

export type FeedbackView = ReturnType<typeof feedbackView>[number]

/** For the session screen: the session's released feedback and where its audit stands (ADR 014). */
export function sessionFidelity(meetingId: number | null) {
  if (meetingId === null) return { feedback: [], status: null }
  return {
    feedback: feedbackView({ meetingIds: [meetingId] }),
    status: auditStatusOfMeetings([meetingId]).get(meetingId) ?? null,
  }
}
