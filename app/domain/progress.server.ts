import { asc, eq, sql } from 'drizzle-orm'
import {
  attendance,
  continuationDecisions,
  groupFacilitators,
  groups,
  meetings,
  participants,
  toxResults,
  users,
} from '#db/schema'
import { getDb, preparedPerConnection, type DB } from '~/db.server'
import { getCohort } from './cohorts.server'
import { groupProgress } from './progress'
import { currentWeek, localDate, scheduleOf } from './schedule'
import { getProgrammeSettings } from './settings.server'
import { cumulativeMinutes, timeMatching } from './time-matching'

/**
 * The cohort page's queries, built and prepared once per connection (drizzle's
 * query builder costs more than SQLite's answer on these pages).
 */
function prepareQueries(db: DB) {
  const cohortId = sql.placeholder('cohortId')
  return {
    groups: db.select().from(groups).where(eq(groups.cohortId, cohortId)).orderBy(asc(groups.arm)).prepare(),
    facilitators: db
      .select({ groupId: groupFacilitators.groupId, userId: groupFacilitators.userId, name: users.name })
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .innerJoin(users, eq(users.id, groupFacilitators.userId))
      .where(eq(groups.cohortId, cohortId))
      .prepare(),
    people: db
      .select({
        id: participants.id,
        studyId: participants.studyId,
        name: users.name,
        groupId: participants.groupId,
        status: participants.status,
        withdrawnAt: participants.withdrawnAt,
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
      .prepare(),
    meetings: db
      .select({
        id: meetings.id,
        groupId: meetings.groupId,
        week: meetings.week,
        status: meetings.status,
        groupMinutes: meetings.groupMinutes,
        checkinMinutes: meetings.checkinMinutes,
      })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(eq(groups.cohortId, cohortId))
      .prepare(),
    attendance: db
      .select({ meetingId: attendance.meetingId, participantId: attendance.participantId, status: attendance.status })
      .from(attendance)
      .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(eq(groups.cohortId, cohortId))
      .prepare(),
    /** which 2-week periods have a test, for the whole cohort in one query */
    toxPeriods: db
      .selectDistinct({ participantId: toxResults.participantId, period: toxResults.period })
      .from(toxResults)
      .innerJoin(participants, eq(participants.id, toxResults.participantId))
      .where(eq(participants.cohortId, cohortId))
      .prepare(),
  }
}
const queries = preparedPerConnection(prepareQueries)

export type { GroupProgress, ParticipantProgress, WeekCell } from './progress'

export type ProgressScope = {
  /** a facilitator sees only the groups they lead */
  onlyGroupsLedBy?: number
  /** enrolment lists (not yet randomized / invited) are for those who manage the cohort */
  includeEnrolment: boolean
}

/**
 * Everything the cohort page shows, in a fixed number of queries whatever the cohort's size
 * (no N+1). `now` decides the programme week and which 2-week periods have ended.
 */
export function cohortProgress(cohortId: number, scope: ProgressScope, now = new Date()) {
  const db = getDb()
  const cohort = getCohort(cohortId)
  if (!cohort) return null
  const q = queries(db)
  const settings = getProgrammeSettings()
  const schedule = scheduleOf(cohort)
  const week = currentWeek(schedule, now)
  const today = localDate(now, cohort.timeZone)
  const allGroups = q.groups.all({ cohortId })
  const facilitatorRows = q.facilitators.all({ cohortId })
  const groupRows =
    scope.onlyGroupsLedBy === undefined
      ? allGroups
      : allGroups.filter((g) => facilitatorRows.some((f) => f.groupId === g.id && f.userId === scope.onlyGroupsLedBy))
  const shownGroups = new Set(groupRows.map((g) => g.id))
  const people = q.people.all({ cohortId })
  const meetingRows = q.meetings.all({ cohortId }).filter((m) => shownGroups.has(m.groupId))
  const shownMeetings = new Set(meetingRows.map((m) => m.id))
  const attendanceRows = q.attendance.all({ cohortId }).filter((a) => shownMeetings.has(a.meetingId))
  const statusOf = new Map<number, Map<number, (typeof attendanceRows)[number]['status']>>()
  for (const a of attendanceRows) {
    let ofMeeting = statusOf.get(a.meetingId)
    if (!ofMeeting) statusOf.set(a.meetingId, (ofMeeting = new Map()))
    ofMeeting.set(a.participantId, a.status)
  }
  const toxOf = new Map<number, number[]>()
  for (const t of q.toxPeriods.all({ cohortId }))
    toxOf.set(t.participantId, [...(toxOf.get(t.participantId) ?? []), t.period])

  const groupsOut = groupRows.map((g) =>
    groupProgress(
      {
        id: g.id,
        arm: g.arm,
        name: g.name,
        facilitators: facilitatorRows.filter((f) => f.groupId === g.id).map((f) => f.name),
      },
      meetingRows.filter((m) => m.groupId === g.id),
      people
        .filter((p) => p.groupId === g.id)
        .map((p) => ({
          ...p,
          leftOn: p.withdrawnAt ? localDate(new Date(p.withdrawnAt), cohort.timeZone) : null,
          toxPeriods: toxOf.get(p.id) ?? [],
        })),
      (meetingId, participantId) => statusOf.get(meetingId)?.get(participantId),
      { week, settings, schedule, today },
    ),
  )
  const tolerance = settings.timeMatchToleranceMinutes

  return {
    cohort,
    week,
    today,
    groups: groupsOut,
    timeMatch: {
      tolerance,
      weeks: timeMatching(groupsOut, week, tolerance),
      cumulative: groupsOut.map((g) => ({ groupId: g.id, arm: g.arm, weeks: cumulativeMinutes(g.meetings, week) })),
    },
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
