import { asc, count, desc, eq, inArray } from 'drizzle-orm'
import {
  attendance,
  cohorts,
  continuationDecisions,
  groupFacilitators,
  groups,
  meetings,
  participants,
  users,
  type Arm,
} from '#db/schema'
import { getDb } from '~/db.server'
import { adherenceStatus, isAttended, type AdherenceStatus } from './adherence'
import { continuationApplies, decisionFunnel, onGroupRoster, type Decision, type Funnel } from './continuation'
import { currentWeek, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'
import { getProgrammeSettings } from './settings.server'

export type CohortRow = typeof cohorts.$inferSelect

export function getCohort(cohortId: number): CohortRow | null {
  return getDb().select().from(cohorts).where(eq(cohorts.id, cohortId)).get() ?? null
}

export const scheduleOf = (c: CohortRow): CohortSchedule => ({
  startDate: c.startDate,
  weekday: c.weekday,
  startTime: c.startTime,
  timeZone: c.timeZone,
})

export type WeekCell = { week: number; status: string | null; onRoster: boolean }

export type ParticipantProgress = {
  id: number
  studyId: string
  name: string | null
  status: string
  decision: Decision | null
  track: 'group' | 'checkin_only'
  attended: number
  held: number
  adherence: AdherenceStatus
  weeks: WeekCell[]
}

export type GroupProgress = {
  id: number
  arm: Arm
  name: string
  facilitators: string[]
  meetings: { id: number; week: number; status: string; groupMinutes: number | null; checkinMinutes: number | null }[]
  participants: ParticipantProgress[]
  funnel: Funnel | null
}

export type ProgressScope = {
  /** a facilitator sees only the groups they lead */
  onlyGroupsLedBy?: number
  /** enrolment lists (not yet randomized / invited) are for those who manage the cohort */
  includeEnrolment: boolean
}

/**
 * Everything the cohort page shows, in six queries whatever the cohort's size (no N+1).
 */
export function cohortProgress(cohortId: number, scope: ProgressScope, now = new Date()) {
  const db = getDb()
  const cohort = getCohort(cohortId)
  if (!cohort) return null
  const settings = getProgrammeSettings()
  const week = currentWeek(scheduleOf(cohort), now)
  const allGroups = db.select().from(groups).where(eq(groups.cohortId, cohortId)).orderBy(asc(groups.arm)).all()
  const facilitatorRows = db
    .select({ groupId: groupFacilitators.groupId, userId: groupFacilitators.userId, name: users.name })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .where(
      inArray(
        groupFacilitators.groupId,
        allGroups.map((g) => g.id),
      ),
    )
    .all()
  const groupRows =
    scope.onlyGroupsLedBy === undefined
      ? allGroups
      : allGroups.filter((g) => facilitatorRows.some((f) => f.groupId === g.id && f.userId === scope.onlyGroupsLedBy))
  const groupIds = groupRows.map((g) => g.id)
  const people = db
    .select({
      id: participants.id,
      studyId: participants.studyId,
      name: users.name,
      groupId: participants.groupId,
      status: participants.status,
      hasLogin: users.passwordHash,
      userId: participants.userId,
      gender: participants.gender,
      raceEthnicity: participants.raceEthnicity,
      language: participants.language,
      decision: continuationDecisions.decision,
      eligible: continuationDecisions.eligible,
      offeredAt: continuationDecisions.offeredAt,
    })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
    .where(eq(participants.cohortId, cohortId))
    .orderBy(asc(participants.studyId))
    .all()
  const meetingRows = groupIds.length ? db.select().from(meetings).where(inArray(meetings.groupId, groupIds)).all() : []
  const attendanceRows = meetingRows.length
    ? db
        .select()
        .from(attendance)
        .where(
          inArray(
            attendance.meetingId,
            meetingRows.map((m) => m.id),
          ),
        )
        .all()
    : []
  const statusOf = new Map(attendanceRows.map((a) => [`${a.meetingId}:${a.participantId}`, a.status]))

  const groupsOut: GroupProgress[] = groupRows.map((g) => {
    const ms = meetingRows.filter((m) => m.groupId === g.id).sort((a, b) => a.week - b.week)
    const members = people.filter((p) => p.groupId === g.id)
    const heldWeeks = ms.filter((m) => m.status === 'held')
    const participantsOut = members.map((p): ParticipantProgress => {
      const weeks = Array.from({ length: PROGRAMME_WEEKS }, (_, i): WeekCell => {
        const w = i + 1
        const m = ms.find((x) => x.week === w)
        const onRoster = onGroupRoster(g.arm, w, p.decision, settings)
        return {
          week: w,
          onRoster,
          status: m ? (m.status === 'held' ? (statusOf.get(`${m.id}:${p.id}`) ?? null) : m.status) : null,
        }
      })
      const attended = weeks.filter((c) => c.status && isAttended(c.status)).length
      const held = heldWeeks.filter((m) => onGroupRoster(g.arm, m.week, p.decision, settings)).length
      return {
        id: p.id,
        studyId: p.studyId,
        name: p.name,
        status: p.status,
        decision: p.decision,
        track: onGroupRoster(g.arm, Math.max(week, 1), p.decision, settings) ? 'group' : 'checkin_only',
        attended,
        held,
        // Sessions still possible: weeks with no meeting recorded yet, on this person's roster.
        adherence: adherenceStatus(
          attended,
          weeks.filter((c) => c.onRoster && !ms.some((m) => m.week === c.week)).length,
        ),
        weeks,
      }
    })
    const applies = continuationApplies(g.arm, settings)
    return {
      id: g.id,
      arm: g.arm,
      name: g.name,
      facilitators: facilitatorRows.filter((f) => f.groupId === g.id).map((f) => f.name),
      meetings: ms.map((m) => ({
        id: m.id,
        week: m.week,
        status: m.status,
        groupMinutes: m.groupMinutes,
        checkinMinutes: m.checkinMinutes,
      })),
      participants: participantsOut,
      funnel: applies
        ? decisionFunnel(
            members
              .filter((p) => p.decision !== null)
              .map((p) => ({ eligible: !!p.eligible, offeredAt: p.offeredAt, decision: p.decision! })),
          )
        : null,
    }
  })

  return {
    cohort,
    week,
    groups: groupsOut,
    unrandomized: scope.includeEnrolment
      ? people
          .filter((p) => p.groupId === null && p.status !== 'withdrawn')
          .map((p) => ({ id: p.id, studyId: p.studyId }))
      : [],
    awaitingInvite: scope.includeEnrolment
      ? people
          .filter((p) => p.groupId !== null && p.userId === null && p.status !== 'withdrawn')
          .map((p) => ({ id: p.id, studyId: p.studyId }))
      : [],
  }
}

export const COHORTS_PER_PAGE = 30

/** Cohorts, newest first, a page at a time; a facilitator sees only cohorts they lead a group in. */
export function listCohorts(page: number, filterToFacilitator?: number) {
  const db = getDb()
  const where =
    filterToFacilitator === undefined
      ? undefined
      : inArray(
          cohorts.id,
          db
            .select({ id: groups.cohortId })
            .from(groupFacilitators)
            .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
            .where(eq(groupFacilitators.userId, filterToFacilitator)),
        )
  const total = db.select({ n: count() }).from(cohorts).where(where).get()!.n
  const rows = db
    .select()
    .from(cohorts)
    .where(where)
    .orderBy(desc(cohorts.startDate), desc(cohorts.id))
    .limit(COHORTS_PER_PAGE)
    .offset((page - 1) * COHORTS_PER_PAGE)
    .all()
  return { rows, total, pages: Math.max(1, Math.ceil(total / COHORTS_PER_PAGE)) }
}
