import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import {
  attendance,
  continuationDecisions,
  decisionCorrections,
  meetings,
  participants,
  users,
  type DecisionSnapshot,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { isAttended } from './adherence'
import {
  correctionProblems,
  decisionChangeKind,
  decisionProblems,
  describeWindow,
  isEligibleToContinue,
  type Decision,
} from './continuation'
import { claimVersion, StaleRecordError } from './record-version.server'
import { currentWeek, localDate, type CohortSchedule } from './schedule'
import { getProgrammeSettings } from './settings.server'

/** Everyone in the group with their attendance in the eligibility window (settings), eligibility and any recorded decision. */
export function decisionRoster(groupId: number) {
  const db = getDb()
  const settings = getProgrammeSettings()
  const people = db
    .select({ id: participants.id, studyId: participants.studyId, name: users.name })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .where(and(eq(participants.groupId, groupId), ne(participants.status, 'withdrawn')))
    .orderBy(participants.studyId)
    .all()
  const ids = people.map((p) => p.id)
  const attended = ids.length
    ? db
        .select({ participantId: attendance.participantId, week: meetings.week, status: attendance.status })
        .from(attendance)
        .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
        .where(and(eq(meetings.groupId, groupId), inArray(attendance.participantId, ids)))
        .all()
    : []
  const decisions = ids.length
    ? db.select().from(continuationDecisions).where(inArray(continuationDecisions.participantId, ids)).all()
    : []
  return people.map((p) => {
    const weeks = attended.filter((a) => a.participantId === p.id && isAttended(a.status)).map((a) => a.week)
    const inWindow = weeks.filter((w) => w >= settings.continuationFromWeek && w <= settings.continuationToWeek)
    return {
      ...p,
      windowAttended: new Set(inWindow).size,
      eligible: isEligibleToContinue(weeks, settings),
      decision: decisions.find((d) => d.participantId === p.id) ?? null,
    }
  })
}

export type DecisionInput = {
  participantId: number
  eligible: boolean
  offeredAt: string | null
  decision: Decision
  reasons: string[]
  note: string | null
}

/**
 * Records or updates one participant's decision with no version check (fixtures and seeds); the
 * decisions page goes through recordOfferedDecision. The eligibility is the rule's, not the form's.
 */
export function recordDecision(input: DecisionInput, actorId: number) {
  const db = getDb()
  db.transaction((tx) => {
    const values = { ...input, recordedBy: actorId, recordedAt: new Date().toISOString() }
    tx.insert(continuationDecisions)
      .values(values)
      .onConflictDoUpdate({
        target: continuationDecisions.participantId,
        set: { ...values, version: sql`${continuationDecisions.version} + 1` },
      })
      .run()
    audit(
      {
        actorId,
        action: 'continuation.record',
        entity: 'participant',
        entityId: input.participantId,
        participantId: input.participantId,
        detail: `decision=${input.decision}`,
      },
      tx,
    )
  })
}

export type OfferedDecision = Omit<DecisionInput, 'eligible'> & {
  /** the version the form was opened from (0: no decision recorded yet), ADR 013 */
  version: number
  /** required once the decision is fixed (a correction) */
  correctionReason?: string | null
}

const snapshot = (d: {
  decision: Decision
  offeredAt: string | null
  reasons: readonly string[]
  note: string | null
}): DecisionSnapshot => ({
  decision: d.decision,
  offeredAt: d.offeredAt ? d.offeredAt.slice(0, 10) : null,
  reasons: [...d.reasons],
  note: d.note,
})

/**
 * Records a decision offered to one member of a group. Whether it can be recorded is decided here,
 * from their attendance and the clock (decisionProblems), never taken from the form. Until the
 * intensive phase starts a recorded decision is edited in place; from then on a change is a
 * correction (decisionChangeKind): a reason is required and the old and new values are appended to
 * decision_corrections. A save from an older version throws StaleRecordError (nothing written).
 * Returns the problems (nothing written) or [] once saved; null when the person is not in the group.
 */
export function recordOfferedDecision(
  group: { id: number; schedule: CohortSchedule },
  input: OfferedDecision,
  actorId: number,
  now = new Date(),
) {
  const member = decisionRoster(group.id).find((m) => m.id === input.participantId)
  if (!member) return null
  const problems = decisionProblems({
    eligible: member.eligible,
    currentWeek: currentWeek(group.schedule, now),
    offeredAt: input.offeredAt ?? '',
    today: localDate(now, group.schedule.timeZone),
    windowText: describeWindow(getProgrammeSettings()),
  })
  if (problems.length) return problems
  const kind = decisionChangeKind(group.schedule, now)
  const { version, correctionReason, ...fields } = input
  const next = snapshot(fields)
  return getDb().transaction((tx) => {
    const saved = tx
      .select()
      .from(continuationDecisions)
      .where(eq(continuationDecisions.participantId, input.participantId))
      .get()
    // Stale first: a correction is judged against the record the person actually saw.
    if ((saved?.version ?? 0) !== version) throw new StaleRecordError('continuation_decision', saved?.id ?? null)
    const correcting = kind === 'correction' && saved !== undefined
    if (correcting) {
      const refused = correctionProblems({ from: saved, to: next, reason: correctionReason })
      if (refused.length) return refused
    }
    claimVersion(tx, continuationDecisions, 'continuation_decision', saved?.id ?? null, version)
    const values = {
      ...fields,
      offeredAt: next.offeredAt,
      eligible: true,
      recordedBy: actorId,
      recordedAt: now.toISOString(),
    }
    if (saved) tx.update(continuationDecisions).set(values).where(eq(continuationDecisions.id, saved.id)).run()
    else tx.insert(continuationDecisions).values(values).run()
    if (correcting) {
      tx.insert(decisionCorrections)
        .values({
          participantId: input.participantId,
          fromDecision: saved.decision,
          toDecision: next.decision,
          fromValue: snapshot(saved),
          toValue: next,
          reason: correctionReason!.trim(),
          recordedBy: actorId,
        })
        .run()
    }
    audit(
      {
        actorId,
        action: correcting ? 'continuation.correct' : 'continuation.record',
        entity: 'participant',
        entityId: input.participantId,
        participantId: input.participantId,
        detail: correcting ? `decision=${saved.decision}->${next.decision}` : `decision=${next.decision}`,
      },
      tx,
    )
    return []
  })
}

/** The decision as saved now, for the conflict notice (ADR 013), with who saved it. */
export function savedDecision(participantId: number) {
  return (
    getDb()
      .select({
        version: continuationDecisions.version,
        decision: continuationDecisions.decision,
        offeredAt: continuationDecisions.offeredAt,
        reasons: continuationDecisions.reasons,
        note: continuationDecisions.note,
        recordedAt: continuationDecisions.recordedAt,
        recordedBy: users.name,
      })
      .from(continuationDecisions)
      .leftJoin(users, eq(users.id, continuationDecisions.recordedBy))
      .where(eq(continuationDecisions.participantId, participantId))
      .get() ?? null
  )
}

/** Every correction of these participants' decisions, oldest first, with who made it. */
export function decisionCorrectionsOf(participantIds: readonly number[]) {
  if (participantIds.length === 0) return []
  return getDb()
    .select({
      id: decisionCorrections.id,
      participantId: decisionCorrections.participantId,
      from: decisionCorrections.fromValue,
      to: decisionCorrections.toValue,
      reason: decisionCorrections.reason,
      at: decisionCorrections.createdAt,
      by: users.name,
    })
    .from(decisionCorrections)
    .leftJoin(users, eq(users.id, decisionCorrections.recordedBy))
    .where(inArray(decisionCorrections.participantId, [...participantIds]))
    .orderBy(asc(decisionCorrections.id))
    .all()
}
