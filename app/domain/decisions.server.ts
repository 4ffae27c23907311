import { and, eq, inArray, ne } from 'drizzle-orm'
import { attendance, continuationDecisions, meetings, participants, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { isAttended } from './adherence'
import { decisionProblems, describeWindow, isEligibleToContinue, type Decision } from './continuation'
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

/** Records or updates one participant's decision; the eligibility is the rule's, not the form's. */
export function recordDecision(input: DecisionInput, actorId: number) {
  const db = getDb()
  db.transaction((tx) => {
    const values = { ...input, recordedBy: actorId, recordedAt: new Date().toISOString() }
    tx.insert(continuationDecisions)
      .values(values)
      .onConflictDoUpdate({ target: continuationDecisions.participantId, set: values })
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

/**
 * Records a decision offered to one member of a group. Whether it can be recorded is decided here,
 * from their attendance and the clock (decisionProblems), never taken from the form. Returns the
 * problems (nothing written) or [] once saved; null when the person is not in the group.
 */
export function recordOfferedDecision(
  group: { id: number; schedule: CohortSchedule },
  input: Omit<DecisionInput, 'eligible'>,
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
  recordDecision({ ...input, eligible: true }, actorId)
  return []
}
