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
} from '#db/schema'
import { getDb } from '~/db.server'
import { groupProgress } from './progress'
import { currentWeek, scheduleOf } from './schedule'
import { getProgrammeSettings } from './settings.server'

export type CohortRow = typeof cohorts.$inferSelect

export function getCohort(cohortId: number): CohortRow | null {
  return getDb().select().from(cohorts).where(eq(cohorts.id, cohortId)).get() ?? null
}

/** Moved to ./schedule (pure); re-exported until the routes import it from there. */
export { scheduleOf } from './schedule'

export type { GroupProgress, ParticipantProgress, WeekCell } from './progress'

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

  const groupsOut = groupRows.map((g) =>
    groupProgress(
      {
        id: g.id,
        arm: g.arm,
        name: g.name,
        facilitators: facilitatorRows.filter((f) => f.groupId === g.id).map((f) => f.name),
      },
      meetingRows.filter((m) => m.groupId === g.id),
      people.filter((p) => p.groupId === g.id),
      (meetingId, participantId) => statusOf.get(`${meetingId}:${participantId}`),
      week,
      settings,
    ),
  )

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
